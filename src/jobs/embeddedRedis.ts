import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';

/** Started when nothing else provides Redis, so that `npm start` works on a machine with only redis-server. */
export class RedisNotInstalled extends Error {
  constructor() {
    super(
      'no Redis: nothing answers on 127.0.0.1:6379 and redis-server is not installed. Install it ' +
        '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis; or a container: ' +
        'docker run -d -p 6379:6379 redis:7 --appendonly yes --maxmemory-policy noeviction), or set REDIS_URL.',
    );
  }
}

export class EmbeddedRedisFailed extends Error {}

export interface ProvidedRedis {
  /** What to connect to: REDIS_URL, the usual local address, or the private server's socket. */
  url: string;
  /** 'own' when this process started the server (it stops it on exit). */
  origin: 'configured' | 'local' | 'own' | 'shared';
  stop(): Promise<void>;
}

const nothingToStop = async () => {};

/**
 * Decides where Redis is. REDIS_URL wins; otherwise a Redis already answering on 127.0.0.1:6379 is used
 * (REDIS_EMBEDDED=auto); otherwise a private redis-server is started with its data under REDIS_DIR: AOF on
 * (a restart keeps the queues) and noeviction (Redis never drops a job to make room). Its socket is a file in
 * that folder, so a second process of the same install (`npm run worker`, the CLI) shares it.
 */
export async function provideRedis(config: Config['redis'], opts: { binary?: string } = {}): Promise<ProvidedRedis> {
  if (config.url) return { url: config.url, origin: 'configured', stop: nothingToStop };
  if (config.embedded === 'off' || (config.embedded === 'auto' && (await answers(LOCAL_REDIS)))) {
    return { url: LOCAL_REDIS, origin: 'local', stop: nothingToStop };
  }
  const dir = resolve(config.embeddedDir);
  const socket = join(dir, 'redis.sock');
  if (existsSync(socket) && (await answers(socket))) return { url: socket, origin: 'shared', stop: nothingToStop };
  const server = await startRedisServer(dir, socket, opts.binary ?? 'redis-server');
  return { url: socket, origin: 'own', stop: server };
}

export const LOCAL_REDIS = 'redis://127.0.0.1:6379';

async function startRedisServer(dir: string, socket: string, binary: string): Promise<() => Promise<void>> {
  // A unix socket path longer than this is refused by the system; say so rather than fail obscurely.
  if (Buffer.byteLength(socket) > 100) throw new EmbeddedRedisFailed(`REDIS_DIR is too long a path for a socket`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  rmSync(socket, { force: true });
  const args = [
    ...['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir],
    ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'],
    ...['--daemonize', 'no', '--logfile', 'redis.log'],
  ];
  // Its own process group: a Ctrl-C in the terminal reaches the product, which drains its workers and then
  // stops Redis, rather than Redis vanishing under them.
  const child = spawn(binary, args, { stdio: 'ignore', cwd: dir, detached: true });
  const spawnFailed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new RedisNotInstalled() : new EmbeddedRedisFailed(err.message)),
    );
    child.once('exit', (code) =>
      reject(new EmbeddedRedisFailed(`redis-server stopped at once (${code}): ${logTail(dir)}`)),
    );
  });
  spawnFailed.catch(() => {});
  await Promise.race([waitForSocket(socket, 10_000), spawnFailed]);
  return () => stopChild(child);
}

/** SIGTERM makes Redis write its AOF and exit; a server that does not stop in 5 s is killed. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitForSocket(socket: string, withinMs: number): Promise<void> {
  const until = performance.now() + withinMs;
  while (performance.now() < until) {
    if (existsSync(socket) && (await answers(socket))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new EmbeddedRedisFailed(`redis-server did not answer on ${socket} within ${withinMs / 1000} s`);
}

/** True when a Redis answers PING at this address within half a second. */
export async function answers(address: string): Promise<boolean> {
  const probe = new Redis(address, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-2).join(' / ');
  } catch {
    return 'no log';
  }
}
