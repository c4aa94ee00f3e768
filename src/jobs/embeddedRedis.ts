import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  /** 'own' when this process started the server; 'shared' when it joined one already running. */
  origin: 'configured' | 'local' | 'own' | 'shared';
  /** Leaves the server; for the private one, the last process of the folder to leave stops it. */
  stop(): Promise<void>;
}

const nothingToStop = async () => {};

/**
 * Decides where Redis is. REDIS_URL wins; otherwise a Redis already answering on 127.0.0.1:6379 is used
 * (REDIS_EMBEDDED=auto); otherwise a private redis-server is started with its data under REDIS_DIR: AOF on
 * (a restart keeps the queues) and noeviction (Redis never drops a job to make room). Its socket is a file in
 * that folder, so a second process of the same install (`npm run worker`, the CLI) shares it.
 *
 * Each process using the private server holds a lease (a file named after its pid in `users/`); whoever leaves
 * last stops the server, whoever started it. A lease whose process is gone (SIGKILL) does not count, so a server
 * orphaned by a killed process is adopted by the next start and stopped when that one leaves. Joining, starting
 * and leaving happen under a lock file, so that a start never races a stop.
 */
export async function provideRedis(config: Config['redis'], opts: { binary?: string } = {}): Promise<ProvidedRedis> {
  if (config.url) return { url: config.url, origin: 'configured', stop: nothingToStop };
  if (config.embedded === 'off' || (config.embedded === 'auto' && (await answers(LOCAL_REDIS)))) {
    return { url: LOCAL_REDIS, origin: 'local', stop: nothingToStop };
  }
  const dir = resolve(config.embeddedDir);
  const socket = join(dir, 'redis.sock');
  // A unix socket path longer than this is refused by the system; say so rather than fail obscurely.
  if (Buffer.byteLength(socket) > 100) throw new EmbeddedRedisFailed(`REDIS_DIR is too long a path for a socket`);
  mkdirSync(join(dir, 'users'), { recursive: true, mode: 0o700 });
  const lease = join(dir, 'users', `${process.pid}-${randomBytes(4).toString('hex')}`);
  const origin = await underLock(dir, async () => {
    const running = existsSync(socket) && (await answers(socket));
    if (!running) await startRedisServer(dir, socket, opts.binary ?? 'redis-server');
    writeFileSync(lease, '', { mode: 0o600 });
    return running ? 'shared' : 'own';
  });
  let left = false;
  const stop = async () => {
    if (left) return;
    left = true;
    await underLock(dir, async () => {
      rmSync(lease, { force: true });
      if (!liveLeases(dir).length) await shutdownServer(dir, socket);
    });
  };
  return { url: socket, origin, stop };
}

export const LOCAL_REDIS = 'redis://127.0.0.1:6379';

async function startRedisServer(dir: string, socket: string, binary: string): Promise<void> {
  rmSync(socket, { force: true });
  const args = [
    ...['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir],
    ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'],
    ...['--daemonize', 'no', '--logfile', 'redis.log', '--pidfile', join(dir, 'redis.pid')],
  ];
  // Its own process group, and not tied to this process: a Ctrl-C in the terminal reaches the product, which
  // drains its workers and then leaves; the server outlives its starter while another process still uses it.
  // Its files (AOF, log) for its owner only: the child inherits the umask in force when it is started.
  const umask = ownerOnlyUmask();
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(binary, args, { stdio: 'ignore', cwd: dir, detached: true });
  } finally {
    umask.restore();
  }
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
  child.unref();
}

/** SHUTDOWN makes Redis write its AOF and exit; a server still answering after 5 s is killed by its pid. */
async function shutdownServer(dir: string, socket: string): Promise<void> {
  const client = new Redis(socket, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.shutdown();
  } catch {
    // The connection closes as the server exits: that is the expected answer.
  } finally {
    client.disconnect();
  }
  const until = performance.now() + 5000;
  while ((await answers(socket)) && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (await answers(socket)) {
    const pid = Number(readIfThere(join(dir, 'redis.pid')));
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** The leases of processes still running; a killed process's lease is removed on the way. */
function liveLeases(dir: string): string[] {
  const folder = join(dir, 'users');
  return readdirSync(folder).filter((name) => {
    if (alive(Number(name.split('-')[0]))) return true;
    rmSync(join(folder, name), { force: true });
    return false;
  });
}

function alive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process at a time decides to start, join or stop the server; a lock left by a killed process is taken. */
async function underLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'lock');
  const until = performance.now() + 30_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readIfThere(lock));
      if (holder && !alive(holder)) rmSync(lock, { force: true });
      else if (performance.now() > until) throw new EmbeddedRedisFailed(`${lock} is held by process ${holder}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Sets the umask to 077 until `restore`; a worker thread may not change it (then nothing changes). */
function ownerOnlyUmask(): { restore(): void } {
  try {
    const before = process.umask(0o077);
    return { restore: () => process.umask(before) };
  } catch {
    return { restore: () => {} };
  }
}

function readIfThere(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
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
