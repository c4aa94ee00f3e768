import pg from 'pg';
import { PG_URL } from './env.js';

/**
 * Test schemas are dropped once, after the whole run: dropping one while another test file migrates its own
 * makes PostgreSQL's catalog queries (Kysely's introspection looks across schemas) fail at random.
 */
export async function teardown(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t[0-9a-z]{8,}[0-9a-f]{8}$' and (" +
        "exists (select 1 from pg_tables where schemaname = nspname and tablename = 'people') or " +
        'not exists (select 1 from pg_tables where schemaname = nspname))',
    );
    for (const r of rows) await client.query(`drop schema if exists "${r.nspname}" cascade`);
  } finally {
    await client.end();
  }
}
