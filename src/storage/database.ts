import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';
import { type FeatureMigrations, migrateFeatures } from './featureMigrations.js';

export type Db = Kysely<Database>;

/**
 * Opens SQLite (default) or PostgreSQL (DATABASE_URL), checks it answers, and migrates it: the shared list, then
 * the features' own migrations (given by the composition root, src/app.ts).
 */
export async function openDatabase(config: Config['database'], features: FeatureMigrations[] = []): Promise<Db> {
  let db: Db;
  if (config.kind === 'postgres') {
    // A schema other than `public` is chosen in the URL (`?options=-c search_path=…`), as the tests do.
    const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    let sqlite: SQLite.Database;
    try {
      if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
      sqlite = new SQLite(config.path);
      // WAL lets a bot process and a worker process share the file.
      sqlite.pragma('journal_mode = WAL');
    } catch (err) {
      // A read-only or missing folder: one clear line at start, not a stack trace.
      throw new DatabaseUnreachable(config, err);
    }
    // With WAL, NORMAL only risks the last transactions on power loss (never corruption), and spares an fsync per
    // write.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Erased rows (a person who left) are overwritten with zeros, not just unlinked, so the file keeps no trace.
    sqlite.pragma('secure_delete = ON');
    // Kysely prepares every query anew; better-sqlite3 statements can be reused, which matters on the
    // delivery hot path (the same two queries per message).
    const statements = new Map<string, SQLite.Statement>();
    const database = {
      close: () => sqlite.close(),
      prepare: (query: string) => {
        let statement = statements.get(query);
        if (!statement) {
          if (statements.size >= 1000) statements.clear();
          statement = sqlite.prepare(query);
          statements.set(query, statement);
        }
        return statement;
      },
    };
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
  } catch (err) {
    await db.destroy().catch(() => {});
    throw new DatabaseUnreachable(config, err);
  }
  const schema =
    config.kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  try {
    // Processes started together (bot and worker) migrate at once; Kysely's lock table can be caught
    // half-created by the other one: a second try after a moment finds it whole.
    const migrate = async () => {
      await migrateToLatest(db, schema);
      await migrateFeatures(db, features, schema);
    };
    await migrate().catch(async () => {
      await new Promise((r) => setTimeout(r, 300));
      await migrate();
    });
  } catch (err) {
    await db.destroy().catch(() => {});
    // SQLite in a read-only folder opens, then fails at its first write.
    if (
      config.kind === 'sqlite' &&
      /readonly|read-only|SQLITE_READONLY|SQLITE_CANTOPEN/i.test(String((err as Error).cause ?? err))
    )
      throw new DatabaseUnreachable(config, err);
    throw err;
  }
  return db;
}

export class DatabaseUnreachable extends Error {
  constructor(config: Config['database'], cause: unknown) {
    const where = config.kind === 'postgres' ? redactUrl(config.url) : config.path;
    super(
      config.kind === 'postgres'
        ? `PostgreSQL is unreachable at ${where}: start it (pg_ctlcluster <version> main start) ` +
            'or unset DATABASE_URL to use SQLite.'
        : `SQLite database ${where} cannot be opened: check the folder is writable (SQLITE_PATH).`,
      { cause },
    );
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * After erasing a person: SQLite's write-ahead log still holds the erased pages until a checkpoint copies
 * them back (zeroed, with secure_delete) and truncates it. PostgreSQL needs nothing here.
 */
export async function flushErasure(db: Db, kind: Config['database']['kind']): Promise<void> {
  if (kind === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
