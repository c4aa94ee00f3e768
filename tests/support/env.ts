import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';
import { PATIENCE } from './patience.js';

export { PATIENCE };

export const DB_KINDS = ['sqlite', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * An isolated place for one test: its own SQLite file or PostgreSQL schema, and its own Redis prefix.
 * `env` is what a child process of the product needs; `cleanup` removes everything the test made.
 */
export interface TestSpace {
  kind: DbKind;
  env: Record<string, string>;
  config: Config;
  prefix: string;
  cleanup: () => Promise<void>;
}

export async function createTestSpace(kind: DbKind, extraEnv: Record<string, string> = {}): Promise<TestSpace> {
  // The run's prefix (tests/support/globalSetup.ts) first: its teardown drops its own schemas only.
  const id = `t${process.env.RELAIS_TEST_RUN ?? 'r000000'}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const prefix = `relais-test-${id}`;
  const env: Record<string, string> = { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', ...extraEnv };
  let dir: string | undefined;
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`create schema "${id}"`);
    await client.end();
    env.DATABASE_URL = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${id}`)}`;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'relais-test-'));
    env.SQLITE_PATH = join(dir, 'relais.sqlite');
  }
  const config = loadConfig(env as NodeJS.ProcessEnv);
  return {
    kind,
    env,
    config,
    prefix,
    async cleanup() {
      // In a test run the schema is dropped, rows and all, after the run (tests/support/globalSetup.ts): emptying
      // it now as well cost more PostgreSQL CPU than making it (~0.3 s a space). A benchmark run by hand empties it.
      if (kind === 'postgres' && !process.env.RELAIS_TEST_RUN) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        const { rows } = await client.query<{ tablename: string }>(
          'select tablename from pg_tables where schemaname = $1',
          [id],
        );
        if (rows.length)
          await client.query(`truncate ${rows.map((r) => `"${id}"."${r.tablename}"`).join(', ')} cascade`);
        await client.end();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      await deleteRedisKeys(prefix);
    },
  };
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `check` returns a value (not undefined/false) or the time is up: `timeoutMs` on an idle machine,
 * times `PATIENCE` (tests/support/patience.ts) so that a busy one only makes the test slower, not red.
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs * PATIENCE;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    await sleep(25);
  }
  throw new Error(`Timed out after ${timeoutMs * PATIENCE} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * True when none of these BullMQ queues has a job waiting, running or delayed — apart from the next run of a
 * job scheduler (a daily check-in round), which is always there: what was due has happened.
 */
export async function queuesIdle(
  queues: { getJobs: (types: never[]) => Promise<({ repeatJobKey?: string } | undefined)[]> }[],
) {
  for (const q of queues) {
    const jobs = await q.getJobs(['waiting', 'active', 'delayed', 'prioritized'] as never[]);
    if (jobs.some((j) => j && !j.repeatJobKey)) return false;
  }
  return true;
}
