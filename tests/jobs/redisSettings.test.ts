import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/app.js';
import { createTestSpace } from '../support/env.js';
import { PrivateRedis } from '../support/redisServer.js';

describe('Redis settings checked at start', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start(); // like the tests' Redis: nothing on disk, no eviction
  });
  afterAll(() => redis.down());

  /** The warnings the product logs when it starts against this Redis. */
  const warningsAtStart = async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const space = await createTestSpace('sqlite', { REDIS_URL: redis.url });
    const ctx = await buildContext(space.config, { logger: pino({ level: 'warn' }, sink) });
    await ctx.close();
    await space.cleanup();
    return lines.map((l) => (JSON.parse(l) as { code?: string; msg: string }).code).filter(Boolean);
  };

  it('warns, saying what to change, when Redis keeps nothing on disk or may evict jobs; is quiet when set right', async () => {
    expect(await warningsAtStart()).toEqual(['REDIS_NO_PERSISTENCE']);
    const admin = new Redis(redis.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await warningsAtStart()).toEqual(['REDIS_EVICTION', 'REDIS_NO_PERSISTENCE']);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.config('SET', 'appendonly', 'yes');
      expect(await warningsAtStart()).toEqual([]);
    } finally {
      admin.disconnect();
    }
  });
});
