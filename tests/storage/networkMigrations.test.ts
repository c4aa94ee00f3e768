import { afterEach, describe, expect, it } from 'vitest';
import { createTestSpace, DB_KINDS, type TestSpace } from '../support/env.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { networkMigrations } from '../../src/storage/networkMigrations.js';

describe.each(DB_KINDS)('addresses stored before the streets list (%s)', (kind) => {
  let space: TestSpace;
  let db: Db;
  afterEach(async () => {
    await db?.destroy();
    await space?.cleanup();
  });

  it('are normalised by the migration, with a count for the log', async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database);
    const at = new Date().toISOString();
    const typed = ['45 r aubervilliers', '12 bd de belleville 75020', '5 rue des Lilas'];
    for (const [i, address] of typed.entries()) {
      const id = `p${i}`;
      await db
        .insertInto('people')
        .values({ id, channel: 'telegram', channel_user_id: id, chat_id: id, language: 'fr', created_at: at })
        .execute();
      await db
        .insertInto('network_members')
        .values({
          person_id: id,
          quartier: i === 0 ? 'rosa-parks' : 'bas-belleville',
          role: 'supported',
          address,
          phone: null,
          availability: null,
          needs: null,
          consent_version: 'test',
          consent_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    const notes: Record<string, number>[] = [];
    await networkMigrations((fields) => notes.push(fields))['0014_normalise_addresses']!.up(db);
    expect(notes).toEqual([{ members: 3, normalised: 2 }]);
    const rows = await db.selectFrom('network_members').select(['address', 'postcode']).orderBy('person_id').execute();
    expect(rows).toEqual([
      { address: "45 rue d'Aubervilliers", postcode: '75019' },
      { address: '12 boulevard de Belleville', postcode: '75020' },
      { address: '5 rue des Lilas', postcode: null }, // not listed: kept as typed
    ]);
  });
});
