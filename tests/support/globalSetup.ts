import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from './env.js';

/**
 * Each run names its PostgreSQL schemas with its own prefix (RELAIS_TEST_RUN, inherited by the test
 * processes), so that dropping them never touches another run sharing the database (a developer's run and
 * CI's, say). Schemas are dropped once, after the whole run: dropping one while another test file migrates
 * its own makes PostgreSQL's catalog queries (Kysely's introspection looks across schemas) fail at random.
 */
export function setup(): void {
  process.env.RELAIS_TEST_RUN ??= `r${randomBytes(3).toString('hex')}`;
}

export async function teardown(): Promise<void> {
  const run = process.env.RELAIS_TEST_RUN;
  if (!run) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [`t${run}`],
    );
    for (const r of rows) await client.query(`drop schema if exists "${r.nspname}" cascade`);
  } finally {
    await client.end();
  }
}
