import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { VolunteerMatching } from '../../../src/features/network/volunteerMatching.js';
import { DB_KINDS } from '../../support/env.js';
import { createTestApp } from '../../support/context.js';
import { seedNetwork } from '../../support/network.js';

/** Counts the pairing rounds run (each starts by looking for the people supported who lack volunteers). */
function roundCounter(): KyselyPlugin & { rounds: number } {
  const counter = {
    rounds: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      if (node.kind === 'SelectQueryNode' && node.having) counter.rounds++;
      return node;
    },
    transformResult: async <R>({ result }: { result: R }) => result,
  };
  return counter;
}

describe.each(DB_KINDS)('volunteers signing up at once (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => app?.close());

  it('leaves every person supported with two volunteers, pairing the quartier twice, not once per signup', async () => {
    app = await createTestApp(kind);
    const { ctx } = app;
    const supported = await seedNetwork(ctx.db, 60, { quartiers: ['ilot-13'], roles: ['supported'] });
    const volunteers = await seedNetwork(ctx.db, 20, {
      firstChatId: 900_000,
      quartiers: ['ilot-13'],
      roles: ['volunteer'],
    });
    const counter = roundCounter();
    const matching = new VolunteerMatching(ctx.db.withPlugin(counter), () => new Date());

    // Each signup asks for a round as it is confirmed: the first, then nineteen more while it runs.
    const first = matching.rematch('ilot-13');
    await new Promise((r) => setImmediate(r));
    const others = await Promise.all(volunteers.slice(1).map(() => matching.rematch('ilot-13')));

    expect(await first).toBe(120);
    expect(others).toEqual(Array(19).fill(0));
    for (const s of supported) expect(await matching.volunteersOf(s.personId)).toHaveLength(2);
    expect(counter.rounds).toBe(2);
    // A signup after them runs its own round (it may have someone to pair), which finds nobody left.
    expect(await matching.rematch('ilot-13')).toBe(0);
    expect(counter.rounds).toBe(3);
  });
});
