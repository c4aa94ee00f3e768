import { Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';
import { createPrivateFile } from './privateFiles.js';
import type { MigrationNote } from './networkMigrations.js';
import { type FeatureMigrations, migrateFeatures } from './featureMigrations.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Told of every statement run (its SQL): how tests count the work an update costs. */
  onQuery?: (sql: string) => void;
  /** Told what a data migration changed (counts only): the log line at start. */
  note?: MigrationNote;
  /** The features' own migrations (given by the composition root, src/app.ts), applied after the shared list. */
  features?: FeatureMigrations[];
}

/** How much of the SQLite file is read through memory mapping: all of it at a neighbourhood network's sizes. */
const SQLITE_MMAP_BYTES = 256 * 1024 * 1024;

/** Opens SQLite (default) or PostgreSQL (DATABASE_URL), checks it answers, and migrates it. */
export async function openDatabase(config: Config['database'], opts: DatabaseOptions = {}): Promise<Db> {
  let db: Db;
  const { onQuery, note, features = [] } = opts;
  const log = onQuery
    ? (event: LogEvent) => {
        if (event.level === 'query') onQuery(event.query.sql);
      }
    : undefined;
  if (config.kind === 'postgres') {
    // A schema other than `public` is chosen in the URL (`?options=-c search_path=…`), as the tests do.
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      connectionTimeoutMillis: 5000,
      Client: PreparingClient,
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  } else {
    let sqlite: SQLite.Database;
    try {
      if (config.path !== ':memory:') {
        mkdirSync(dirname(config.path), { recursive: true, mode: 0o700 });
        // Owner-only from the first byte; SQLite gives its -wal and -shm the database file's mode.
        createPrivateFile(config.path);
      }
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
    // Pages read from the file mapped in memory, not copied by a system call each (writes still go through the
    // WAL): a 100k broadcast reads a person and a delivery per message, and those reads were a tenth of its CPU.
    sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
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
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), log });
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
      await migrateToLatest(db, schema, note);
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

/** Statements named (prepared once per connection, then only bound and run) at most; beyond, run unnamed. */
const MAX_NAMED = 500;
const names = new Map<string, string>();

/**
 * A PostgreSQL client that prepares the statements it runs (named, parsed and planned once per connection),
 * as better-sqlite3's statement cache does for SQLite: the hot path (people, flow state, claim) runs the same
 * few statements at every update. Only those with parameters; a bulk insert of any size stays unnamed.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is heavily overloaded; this only adds a name
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && values.length <= 32) {
      let name = names.get(config);
      if (!name && names.size < MAX_NAMED) {
        name = `relais_${names.size}`;
        names.set(config, name);
      }
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
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
