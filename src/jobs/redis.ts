import { Redis } from 'ioredis';
import type { Config } from '../config.js';

export class RedisUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `Redis is unreachable at ${url.replace(/\/\/[^@/]*@/, '//***@')}: start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL.`,
      { cause },
    );
  }
}

/** Opens the shared Redis connection and checks it answers before anything relies on it. */
export async function connectRedis(config: Config['redis']): Promise<Redis> {
  // maxRetriesPerRequest null is what BullMQ workers require; lazyConnect lets us fail fast with a clear line.
  const redis = new Redis(config.url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 3000, retryStrategy: (n) => (n > 20 ? null : Math.min(n * 200, 2000)) });
  // Errors surface through connect()/ping() below and the logger; without a listener ioredis prints its own.
  const onError = () => {};
  redis.on('error', onError);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new RedisUnreachable(config.url, err);
  }
  return redis;
}
