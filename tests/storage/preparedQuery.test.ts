import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { preparedQuery } from '../../src/storage/preparedQuery.js';
import { DB_KINDS } from '../support/env.js';
import { freshDatabase } from '../support/freshDatabase.js';

describe.each(DB_KINDS)('a query compiled once (%s)', (kind) => {
  const open = freshDatabase(kind);

  it('runs again with new values, each time as the query built with them would', async () => {
    const db = await open();
    const at = new Date().toISOString();
    const add = preparedQuery(db, (v: { id: string; user: string }) =>
      db.insertInto('people').values({
        id: v.id,
        channel: 'telegram',
        channel_user_id: v.user,
        chat_id: v.user,
        language: 'fr',
        created_at: at,
      }),
    );
    for (const n of [1, 2, 3]) await add({ id: `p${n}`, user: `u${n}` });
    const byUser = preparedQuery(db, (v: { user: string }) =>
      db
        .selectFrom('people')
        .select(['id', 'chat_id'])
        .where('channel', '=', 'telegram')
        .where('channel_user_id', '=', v.user),
    );
    expect((await byUser({ user: 'u2' })).rows).toEqual([{ id: 'p2', chat_id: 'u2' }]);
    expect((await byUser({ user: 'u3' })).rows).toEqual([{ id: 'p3', chat_id: 'u3' }]);
    expect((await byUser({ user: 'nobody' })).rows).toEqual([]);
  });

  it('refuses, at its first run, a query where a value would not be a parameter', async () => {
    const db = await open();
    const folded = preparedQuery(db, (v: { user: string }) =>
      db.selectFrom('people').select('id').where('channel_user_id', '=', sql.lit(v.user)),
    );
    await expect(async () => folded({ user: 'u1' })).rejects.toThrow(/user not bound as parameters/);
    const spread = preparedQuery(db, (v: { id: string }) =>
      db
        .selectFrom('people')
        .select('id')
        .where(({ and }) => and({ ...v })),
    );
    await expect(async () => spread({ id: 'p1' })).rejects.toThrow(/name each value/);
  });
});
