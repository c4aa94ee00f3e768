import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answers, provideRedis, RedisNotInstalled } from '../../src/jobs/embeddedRedis.js';
import { createTestSpace, eventually, type TestSpace } from '../support/env.js';
import { ProductProcess } from '../support/product.js';

/** `npm start` on a machine with redis-server installed but not running (issue 14, item 1). */
describe('embedded Redis', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-embedded-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const settings = { embedded: 'always' as const, embeddedDir: join('.'), retryMaxMs: 1000 };

  it('starts a private redis-server with AOF and noeviction, shared by a second process, data kept', async () => {
    const redisDir = join(dir, 'redis');
    const first = await provideRedis({ ...settings, embeddedDir: redisDir, prefix: 'x', checkEveryMs: 1000 });
    expect(first.origin).toBe('own');
    const client = new Redis(first.url);
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await client.set('kept', 'across restarts');
    } finally {
      client.disconnect();
    }
    const second = await provideRedis({ ...settings, embeddedDir: redisDir, prefix: 'x', checkEveryMs: 1000 });
    expect(second).toMatchObject({ origin: 'shared', url: first.url });

    // The starter leaves first: the server stays for the other user; the last to leave stops it.
    await first.stop();
    expect(await answers(first.url)).toBe(true);
    await second.stop();
    expect(await answers(first.url)).toBe(false);

    const again = await provideRedis({ ...settings, embeddedDir: redisDir, prefix: 'x', checkEveryMs: 1000 });
    const reader = new Redis(again.url);
    try {
      expect(await reader.get('kept')).toBe('across restarts');
    } finally {
      reader.disconnect();
      await again.stop();
    }
  });

  it('with REDIS_URL set, starts nothing', async () => {
    const given = await provideRedis({ ...settings, url: 'redis://127.0.0.1:6379', prefix: 'x', checkEveryMs: 1 });
    expect(given).toMatchObject({ origin: 'configured', url: 'redis://127.0.0.1:6379' });
  });

  it('without a redis-server binary, says how to get one', async () => {
    const missing = provideRedis(
      { ...settings, embeddedDir: join(dir, 'r'), prefix: 'x', checkEveryMs: 1 },
      { binary: 'redis-server-not-here' },
    );
    await expect(missing).rejects.toBeInstanceOf(RedisNotInstalled);
    await expect(missing).rejects.toThrow(/apt-get install redis-server.*brew install redis.*docker run/);
  });
});

describe('npm start with no REDIS_URL', () => {
  let space: TestSpace;
  beforeEach(async () => {
    space = await createTestSpace('sqlite');
  });
  afterEach(async () => {
    await space.cleanup();
  });

  const withoutRedisUrl = (extra: Record<string, string>) => {
    const { REDIS_URL: _, ...env } = space.env;
    return { ...env, ...extra };
  };

  it('chats in the terminal on its own redis-server, and stops it on exit', async () => {
    const dataDir = join(space.env.SQLITE_PATH!, '..');
    const redisDir = join(dataDir, 'redis');
    // Issue 21, item 3: a data folder left readable by every local user (an older version, a copy).
    chmodSync(dataDir, 0o755);
    mkdirSync(redisDir, { mode: 0o755 });
    chmodSync(redisDir, 0o755);
    writeFileSync(join(redisDir, 'redis.log'), '', { mode: 0o644 });
    chmodSync(join(redisDir, 'redis.log'), 0o644);
    const p = new ProductProcess(withoutRedisUrl({ REDIS_EMBEDDED: 'always', REDIS_DIR: redisDir }), [], {
      stdin: true,
    });
    let at = await p.waitForOutput(/tapez \/start/);
    p.write('/start');
    at = await p.waitForOutput(/1\. Ilot 13/, at);
    expect(await answers(join(redisDir, 'redis.sock'))).toBe(true);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect([mode(dataDir), mode(redisDir)]).toEqual([0o700, 0o700]);
    const dbFiles = ['relais.sqlite', 'relais.sqlite-wal', 'relais.sqlite-shm', 'redis/redis.log'];
    expect(dbFiles.map((f) => mode(join(dataDir, f)))).toEqual(dbFiles.map(() => 0o600));
    expect(p.stderr).toMatch(/data files were readable by other local users/);
    // What the server writes itself (its AOF) is its owner's only from the start: no warning at the next start.
    const aof = readdirSync(join(redisDir, 'appendonlydir'));
    expect(aof.map((f) => mode(join(redisDir, 'appendonlydir', f)))).toEqual(aof.map(() => 0o600));
    // Issue 21, item 7: a worker of the same folder shares the server; the starter leaving does not stop it.
    const socket = join(redisDir, 'redis.sock');
    const env = withoutRedisUrl({ REDIS_EMBEDDED: 'always', REDIS_DIR: redisDir });
    const worker = new ProductProcess(env, ['--role=worker']);
    await eventually(() => readdirSync(join(redisDir, 'users')).length === 2, 30_000, 'the worker joined');
    p.endInput();
    expect(await p.exited).toBe(0);
    expect(await answers(socket)).toBe(true);
    expect(worker.stderr).not.toMatch(/redis connection error/);
    // Killed, the worker leaves the server orphaned; the next start adopts it and, last to leave, stops it.
    await worker.kill('SIGKILL');
    expect(await answers(socket)).toBe(true);
    // (The test process is that next start: what the product calls at start, on the same folder.)
    const next = await provideRedis({
      embedded: 'always',
      embeddedDir: redisDir,
      prefix: 'x',
      retryMaxMs: 1000,
      checkEveryMs: 1000,
    });
    expect(next).toMatchObject({ origin: 'shared', url: socket });
    await next.stop();
    expect(await answers(socket)).toBe(false);
    expect(readdirSync(redisDir)).toContain('appendonlydir');
  }, 90_000);

  it('exits with one line saying how to install Redis when there is none', async () => {
    const p = new ProductProcess(withoutRedisUrl({ REDIS_EMBEDDED: 'always', PATH: '/nonexistent' }), [], {
      stdin: true,
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/redis-server is not installed.*apt-get install redis-server/);
  });
});
