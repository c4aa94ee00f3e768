import { Queue, type QueueOptions } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import type { Config } from '../config.js';
import { LOCAL_REDIS } from './embeddedRedis.js';

export class RedisUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `Redis is unreachable at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ` +
        'start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL.',
      { cause },
    );
  }
}

/** Delay before reconnection attempt `n`: growing, capped, never "give up" (null). */
export function reconnectDelay(maxMs: number): (attempt: number) => number {
  return (attempt) => Math.min(100 * 2 ** Math.min(attempt, 16), maxMs);
}

/** One Redis server, or a Redis Cluster (REDIS_CLUSTER_NODES): BullMQ and our own keys work on both. */
export type RedisClient = Redis | Cluster;

/**
 * The key prefix of one BullMQ queue: its name as a hash tag, so that all of a queue's keys (which BullMQ's
 * scripts touch together) fall in one Cluster slot, while different queues spread over the nodes. The same
 * keys on a single Redis: one code path whatever the deployment.
 */
export function queuePrefix(prefix: string, queueName: string): string {
  return `${prefix}:{${queueName}}`;
}

/** Opens the shared Redis connection and checks it answers before anything relies on it. */
export async function connectRedis(config: Config['redis']): Promise<RedisClient> {
  // maxRetriesPerRequest null is what BullMQ workers require; lazyConnect lets us fail fast with a clear line.
  // Reconnection never gives up (a heat wave outlasts any Redis outage); connections BullMQ duplicates keep it.
  const options = { maxRetriesPerRequest: null, connectTimeout: 3000 };
  const url = config.cluster ? config.cluster.map((n) => `${n.host}:${n.port}`).join(',') : (config.url ?? LOCAL_REDIS);
  const redis: RedisClient = config.cluster
    ? new Cluster(config.cluster, {
        lazyConnect: true,
        redisOptions: options,
        clusterRetryStrategy: reconnectDelay(config.retryMaxMs),
      })
    : new Redis(url, { ...options, lazyConnect: true, retryStrategy: reconnectDelay(config.retryMaxMs) });
  // Errors surface through connect()/ping() below and the logger; without a listener ioredis prints its own.
  const onError = () => {};
  redis.on('error', onError);
  try {
    // At start, Redis not answering is a configuration problem: say so instead of waiting for ever.
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      5000,
    );
  } catch (err) {
    redis.disconnect();
    throw new RedisUnreachable(url, err);
  }
  return redis;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A BullMQ queue on the process's Redis connection, its keys hash-tagged by `queuePrefix`. Its connection
 * errors are logged once by the connection's owner (app.ts); without a listener BullMQ would print each one.
 */
export function openQueue<T>(name: string, opts: QueueOptions & { prefix: string }): Queue<T> {
  const queue = new Queue<T>(name, { ...opts, prefix: queuePrefix(opts.prefix, name) });
  queue.on('error', () => {});
  return queue;
}

/** Logs a connection error at once, then at most once every `everyMs` while errors go on (an outage is one story). */
export function throttledErrorLog(log: (count: number, err: Error) => void, everyMs = 10_000): (err: Error) => void {
  let last = 0;
  let count = 0;
  return (err) => {
    count++;
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    log(count, err);
    count = 0;
  };
}

/** A worker's errors (mostly its connection during an outage), logged with the worker's name, throttled. */
export function logWorkerErrors(
  worker: { on: (event: 'error', listener: (err: Error) => void) => unknown },
  logger: { error: (obj: object, msg: string) => void },
  name: string,
): void {
  worker.on(
    'error',
    throttledErrorLog((count, err) =>
      logger.error({ worker: name, code: (err as NodeJS.ErrnoException).code ?? err.name, count }, 'worker error'),
    ),
  );
}

/**
 * Redis settings the product relies on, checked at start: with eviction, Redis may drop queued jobs under
 * memory pressure; without persistence, a restart empties it (the product rebuilds what is due from the
 * database, but delayed work is late meanwhile). Each problem is one warning saying what to change. A Redis
 * that refuses CONFIG (some managed offers) is taken as it is.
 */
export async function checkRedisSettings(
  redis: RedisClient,
  logger: { warn: (o: object, m: string) => void },
): Promise<void> {
  let settings: { policy: string; aof: string; save: string };
  try {
    const read = async (name: string) => ((await redis.config('GET', name)) as string[])[1] ?? '';
    settings = { policy: await read('maxmemory-policy'), aof: await read('appendonly'), save: await read('save') };
  } catch {
    return;
  }
  if (settings.policy !== 'noeviction') {
    logger.warn(
      { code: 'REDIS_EVICTION', policy: settings.policy },
      'Redis may evict queued jobs: set maxmemory-policy noeviction (in redis.conf, or with CONFIG SET)',
    );
  }
  if (settings.aof !== 'yes' && !settings.save.trim()) {
    logger.warn(
      { code: 'REDIS_NO_PERSISTENCE' },
      'Redis keeps nothing on disk: turn on appendonly yes (redis.conf) so that a restart does not empty the queues',
    );
  }
}
