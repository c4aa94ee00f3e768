import { describe, expect, it } from 'vitest';
import { UpdateInbox } from '../../src/storage/updateInbox.js';
import { DB_KINDS } from '../support/env.js';
import { freshDatabase } from '../support/freshDatabase.js';

describe.each(DB_KINDS)('the update inbox (%s)', (kind) => {
  const open = freshDatabase(kind);

  /** An inbox whose statements matching `statement` are recorded. */
  async function inboxRecording(statement: RegExp) {
    const seen: string[] = [];
    const db = await open({ onQuery: (sql) => statement.test(sql) && seen.push(sql) });
    return { inbox: new UpdateInbox(db, () => new Date()), db, seen };
  }

  it('marks updates finished together done, their bodies dropped, in one statement; none replayed at start', async () => {
    const { inbox, db: database, seen: marks } = await inboxRecording(/^update "inbound_updates"/);
    const ids = Array.from({ length: 50 }, (_, i) => String(1000 + i));
    const claimed = await inbox.claimMany(
      'telegram',
      ids.map((updateId) => ({ updateId, body: '{"message":{"text":"Tout va bien ?"}}' })),
    );
    expect(claimed.size).toBe(50);
    expect(await inbox.unfinished('telegram', 60_000)).toHaveLength(50);

    await Promise.all(ids.map((id) => inbox.done('telegram', id)));

    expect(await inbox.unfinished('telegram', 60_000)).toEqual([]);
    expect(await database.selectFrom('inbound_updates').select('body').where('body', 'is not', null).execute()).toEqual(
      [],
    );
    expect(marks).toHaveLength(1);
    // One finished later is marked on its own, as soon.
    await inbox.claim('telegram', '2000', '{}');
    await inbox.done('telegram', '2000');
    expect(await inbox.unfinished('telegram', 60_000)).toEqual([]);
    expect(marks).toHaveLength(2);
  });

  it('claims updates arriving together in one statement, each once: a re-send then or later is not ours', async () => {
    const { inbox, seen: claims } = await inboxRecording(/insert into "?inbound_updates"?/);
    const ids = ['1', '2', '3', '2', '4'];
    const fresh = await Promise.all(ids.map((id) => inbox.claim('telegram', id, '{}')));
    expect(fresh).toEqual([true, true, true, false, true]);
    expect(claims).toHaveLength(1);
    expect(await inbox.claim('telegram', '3', '{}')).toBe(false);
    expect(await inbox.claim('telegram', '5', '{}')).toBe(true);
  });

  it.runIf(kind === 'postgres')(
    'marks updates done in the statement of the next claim, one round trip for both',
    async () => {
      const { inbox, seen } = await inboxRecording(/^\s*(with|insert|update)\b.*inbound_updates/s);
      expect(await inbox.claim('telegram', '1', '{"message":{"text":"Oui"}}')).toBe(true);
      const marked = inbox.done('telegram', '1');
      expect(await inbox.claim('telegram', '2', '{}')).toBe(true);
      await marked;
      expect((await inbox.unfinished('telegram', 60_000)).map((u) => u.updateId)).toEqual(['2']);
      const statements = seen.filter((s) => !s.startsWith('select'));
      expect(statements).toHaveLength(2);
      expect(statements[1]).toMatch(/^\s*with done as \(\s*update inbound_updates set body = null/);
      // With no claim coming, a done mark is written on its own.
      await inbox.done('telegram', '2');
      expect(await inbox.unfinished('telegram', 60_000)).toEqual([]);
      // At a stop, one still waiting is written at once: not handled again at the next start.
      await inbox.claim('telegram', '3', '{}');
      const waiting = inbox.done('telegram', '3');
      await inbox.flush();
      expect(await inbox.unfinished('telegram', 60_000)).toEqual([]);
      await waiting;
    },
  );
});
