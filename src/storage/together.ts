import { type QueryResult, sql } from 'kysely';
import type { Db } from './database.js';

/** Calls gathered into one statement: what they brought, and the statement's answer once it ran. */
export interface Batch<T, R> {
  items: T[];
  result: Promise<R>;
}

/**
 * The batch of `key` still gathering, or a new one: once `wait` lets it go, it stops gathering and `write` runs
 * once for everything its callers added meanwhile.
 */
export function gather<T, R>(
  batches: Map<string, Batch<T, R>>,
  key: string,
  wait: (go: () => void) => unknown,
  write: (items: T[]) => Promise<R>,
): Batch<T, R> {
  const gathering = batches.get(key);
  if (gathering) return gathering;
  const items: T[] = [];
  const result = new Promise<void>((go) => wait(go)).then(() => {
    batches.delete(key);
    return write(items);
  });
  const batch = { items, result };
  batches.set(key, batch);
  return batch;
}

const dialects = new WeakMap<Db, boolean>();

/** PostgreSQL (a round trip per statement) rather than SQLite (an in-process call): read once from Kysely's SQL. */
export function isPostgres(db: Db): boolean {
  let postgres = dialects.get(db);
  if (postgres === undefined) {
    postgres = sql`${1}`.compile(db).sql.includes('$1');
    dialects.set(db, postgres);
  }
  return postgres;
}

/**
 * The value to compare a key column with: one key (`=`), or on PostgreSQL many given as one array (`= any($1)`),
 * so that the statement's text is the same whatever their number (prepared once per connection).
 */
export const keyIn = (keys: string | string[]) => (typeof keys === 'string' ? keys : sql<string>`any(${keys})`);

/** A function whose calls in the same turn of the event loop share one batch: `run` once, for all their items. */
function oneTurn<T, R>(run: (items: T[]) => Promise<R>): (item: T) => Batch<T, R> {
  const batches = new Map<string, Batch<T, R>>();
  return (item) => {
    const batch = gather(batches, '', setImmediate, run);
    batch.items.push(item);
    return batch;
  };
}

/**
 * The batch's answer for one caller; should the batch fail (one item breaking a constraint: its person erased
 * meanwhile), this caller's item is run alone again, so that one item's failure is its own caller's only.
 */
async function answerOrAlone<T, R, O>(batch: Batch<T, R>, answer: (r: R) => O, alone: () => Promise<O>): Promise<O> {
  try {
    return answer(await batch.result);
  } catch (err) {
    if (batch.items.length === 1) throw err;
    return alone();
  }
}

/** One key, or distinct keys as an array (see `keyIn`). */
const oneOrMany = (keys: string[]) => {
  const distinct = [...new Set(keys)];
  return distinct.length === 1 ? distinct[0]! : distinct;
};

/**
 * Rows by key, read for the calls made in the same turn of the event loop by one statement on PostgreSQL: the
 * updates of a polling batch, or of webhook requests claimed together, are handled together and each asks for
 * its own rows; one statement for all of them instead of one each is most of what PostgreSQL cost per update
 * under load (each statement is a socket write that wakes a server process, on the same cores). `readSome` is
 * given one key, or distinct keys as an array (see `keyIn`). On SQLite each call reads alone: a statement there
 * is an in-process call, with no round trip to save.
 */
export function readAllTogether<Row>(
  db: Db,
  readSome: (keys: string | string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): (key: string) => Promise<Row[]> {
  if (!isPostgres(db)) return readSome;
  const read = oneTurn(async (keys: string[]) => {
    const byKey = new Map<string, Row[]>();
    // Each key's rows in the statement's order.
    for (const row of await readSome(oneOrMany(keys))) {
      const rows = byKey.get(keyOf(row));
      if (rows) rows.push(row);
      else byKey.set(keyOf(row), [row]);
    }
    return byKey;
  });
  return async (key) => (await read(key).result).get(key) ?? [];
}

/** `readAllTogether` for one row per key (or none). */
export function readTogether<Row>(
  db: Db,
  readSome: (keys: string | string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): (key: string) => Promise<Row | undefined> {
  const read = readAllTogether(db, readSome, keyOf);
  return async (key) => (await read(key))[0];
}

/**
 * The same read asked by several calls in the same turn of the event loop (the curated answers of a quartier,
 * for everyone asking a question at once) is run once on PostgreSQL, its answer given to each. On SQLite each
 * call reads alone.
 */
export function shareTogether<R>(db: Db, read: (key: string) => Promise<R>): (key: string) => Promise<R> {
  if (!isPostgres(db)) return read;
  const reading = new Map<string, Batch<never, R>>();
  return (key) => gather(reading, key, setImmediate, () => read(key)).result;
}

/**
 * Rows written (upserted) by the calls made in the same turn of the event loop, by one statement on PostgreSQL,
 * for the same reason as `readAllTogether`. Two writes of one key in a batch keep the later, as if run in turn;
 * should the statement fail, each is written alone again (`answerOrAlone`). On SQLite each call writes alone.
 */
export function writeTogether<Row>(
  db: Db,
  writeOne: (row: Row) => Promise<unknown>,
  writeMany: (rows: Row[]) => Promise<unknown>,
  keyOf: (row: Row) => string,
): (row: Row) => Promise<void> {
  if (!isPostgres(db)) return async (row) => void (await writeOne(row));
  const write = oneTurn(async (rows: Row[]) => {
    // By key, the later row in the place of the first.
    const latest = [...new Map(rows.map((r) => [keyOf(r), r])).values()];
    await (latest.length === 1 ? writeOne(latest[0]!) : writeMany(latest));
  });
  return async (row) => {
    const batch = write(row);
    const latest = () => batch.items.filter((r) => keyOf(r) === keyOf(row)).at(-1)!;
    await answerOrAlone(
      batch,
      () => undefined,
      async () => void (await writeOne(latest())),
    );
  };
}

/**
 * A statement by key (a delete, an update) run for the calls made in the same turn of the event loop, once on
 * PostgreSQL with their keys as an array (see `keyIn`); should it fail, each key runs alone again. On SQLite each
 * call runs alone.
 */
export function runTogether(
  db: Db,
  runSome: (keys: string | string[]) => Promise<unknown>,
): (key: string) => Promise<void> {
  if (!isPostgres(db)) return async (key) => void (await runSome(key));
  const run = oneTurn(async (keys: string[]) => void (await runSome(oneOrMany(keys))));
  return (key) =>
    answerOrAlone(
      run(key),
      () => undefined,
      async () => void (await runSome(key)),
    );
}

/**
 * Rows inserted for the calls made in the same turn of the event loop, by one statement on PostgreSQL, each
 * caller given back its own row as inserted (`returning`), or nothing when it was not (`on conflict do
 * nothing`). Should the statement fail, each row is inserted alone again. On SQLite each call inserts alone.
 */
export function insertTogether<Row, Out>(
  db: Db,
  insertSome: (rows: Row[]) => Promise<Out[]>,
  keyOfRow: (row: Row) => string,
  keyOfOut: (out: Out) => string,
): (row: Row) => Promise<Out | undefined> {
  if (!isPostgres(db)) return async (row) => (await insertSome([row]))[0];
  const insert = oneTurn(async (rows: Row[]) => new Map((await insertSome(rows)).map((o) => [keyOfOut(o), o])));
  return (row) =>
    answerOrAlone(
      insert(row),
      (inserted) => inserted.get(keyOfRow(row)),
      async () => (await insertSome([row]))[0],
    );
}

/**
 * PostgreSQL: rows of text columns inserted by one statement of fixed text whatever their number, each column
 * given as one array (`unnest`), so that it is prepared once per connection. `then`: an `on conflict` clause.
 */
export function insertByColumns<Row extends { [C in keyof Row]: string | null }, Out = unknown>(
  db: Db,
  table: string,
  columns: readonly (keyof Row & string)[],
  then = sql``,
): (rows: Row[]) => Promise<QueryResult<Out>> {
  const names = sql.join(columns.map((c) => sql.ref(c)));
  return (rows) =>
    sql<Out>`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(
      columns.map((c) => sql`${rows.map((r) => r[c])}::text[]`),
    )}) ${then}`.execute(db);
}

/** `insertByColumns`' `then` for an upsert: on a conflict on `key`, these columns take the new row's values. */
export function onConflictUpdate(key: string, columns: readonly string[]) {
  const updated = columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
  return sql`on conflict (${sql.ref(key)}) do update set ${sql.join(updated)}`;
}
