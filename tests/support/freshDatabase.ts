import { afterEach } from 'vitest';
import { type DatabaseOptions, type Db, openDatabase } from '../../src/storage/database.js';
import { createTestSpace, type DbKind, type TestSpace } from './env.js';

/**
 * For a describe block: each test that calls the returned function gets a fresh database of `kind` (its own
 * PostgreSQL schema or SQLite file, migrated), closed and dropped after the test.
 */
export function freshDatabase(kind: DbKind): (opts?: DatabaseOptions) => Promise<Db> {
  let space: TestSpace | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    await space?.cleanup();
    db = undefined;
    space = undefined;
  });
  return async (opts) => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database, opts);
    return db;
  };
}
