import { describe, expect, it } from 'vitest';
import { PeopleDirectory } from '../../src/storage/people.js';
import { FlowStateStore, type StoredFlowState } from '../../src/storage/flowStates.js';
import { DB_KINDS } from '../support/env.js';
import { freshDatabase } from '../support/freshDatabase.js';

/**
 * Updates handled together (a polling batch, webhook requests claimed together) read and write their rows by one
 * statement each on PostgreSQL (src/storage/together.ts), and each gets exactly its own row back; on SQLite each
 * call runs alone. Counted with the statements the database is sent.
 */
describe.each(DB_KINDS)('statements of updates handled together (%s)', (kind) => {
  const fresh = freshDatabase(kind);

  async function open() {
    const seen: string[] = [];
    const db = await fresh({ onQuery: (sql) => seen.push(sql) });
    const now = () => new Date('2026-07-01T10:00:00Z');
    const counted = async <T>(run: () => Promise<T>, table: RegExp) => {
      seen.length = 0;
      const result = await run();
      return { result, statements: seen.filter((s) => table.test(s)).length };
    };
    return { people: new PeopleDirectory(db, now), flows: new FlowStateStore(db), counted, db };
  }

  const together = kind === 'postgres';
  const ids = Array.from({ length: 20 }, (_, i) => `9${i}`);
  const flowOf = (personId: string, stepId: string): StoredFlowState => ({
    personId,
    flowId: 'network-signup',
    stepId,
    answers: { quartier: 'rosa-parks' },
    locked: [],
    history: [],
    updatedAt: new Date('2026-07-01T10:00:00Z'),
  });

  it('newcomers, their flows and their reads: one statement each for twenty at once, each their own row', async () => {
    const { people, flows, counted } = await open();
    const created = await counted(
      () => Promise.all(ids.map((id) => people.findOrCreateWithFlow('telegram', id, `c${id}`, 'fr'))),
      /^(insert into "?people|select "people")/,
    );
    expect(created.result.map((r) => r.person.channelUserId)).toEqual(ids);
    expect(created.result.map((r) => r.person.chatId)).toEqual(ids.map((id) => `c${id}`));
    expect(new Set(created.result.map((r) => r.person.id)).size).toBe(20);
    // One read finding nobody, one insert: on SQLite twenty of each.
    expect(created.statements).toBe(together ? 2 : 40);

    const personIds = created.result.map((r) => r.person.id);
    const saved = await counted(
      () => Promise.all(personIds.map((id, i) => flows.save(flowOf(id, `step-${i}`)))),
      /insert into "?flow_states/,
    );
    expect(saved.statements).toBe(together ? 1 : 20);

    const read = await counted(
      () => Promise.all(ids.map((id) => people.findWithFlow('telegram', id))),
      /^select "people"/,
    );
    expect(read.statements).toBe(together ? 1 : 20);
    expect(read.result.map((r) => r?.flow?.stepId)).toEqual(ids.map((_, i) => `step-${i}`));
    expect(await people.findWithFlow('telegram', 'nobody')).toBeUndefined();
  });

  it('a row that cannot be written fails its own caller only; the same person twice keeps the later', async () => {
    const { people, flows, db: database } = await open();
    const [a, b] = await Promise.all(['1', '2'].map((id) => people.findOrCreate('telegram', id, id, 'fr')));
    const outcomes = await Promise.allSettled([
      flows.save(flowOf(a!.id, 'first')),
      flows.save(flowOf('erased-meanwhile', 'x')), // no such person: the foreign key refuses it
      flows.save(flowOf(b!.id, 'quartier')),
      flows.save(flowOf(a!.id, 'second')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const rows = await database.selectFrom('flow_states').select(['person_id', 'step_id']).orderBy('step_id').execute();
    expect(rows).toEqual([
      { person_id: b!.id, step_id: 'quartier' },
      { person_id: a!.id, step_id: 'second' },
    ]);
    // Ended together: both gone, nothing else touched.
    await Promise.all([flows.delete(a!.id), flows.delete(b!.id)]);
    expect(await database.selectFrom('flow_states').selectAll().execute()).toEqual([]);
    expect(await people.holdsNothing(a!.id)).toBe(true);
  });
});
