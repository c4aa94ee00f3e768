import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/context.js';
import { DB_KINDS } from '../../support/env.js';

describe.each(DB_KINDS)('meeting places under concurrency (%s)', (kind) => {
  it(
    '20 people registering at once for 5 places: exactly 5 get one, the ' +
      'others wait in a strict order; a freed place goes to the first',
    async () => {
      const app = await createTestApp(kind);
      try {
        const creator = await app.ctx.people.findOrCreate('telegram', 'm', 'm', 'fr');
        const startsAt = new Date(Date.now() + 7 * 86_400_000);
        const m = await app.ctx.meetings.create(
          {
            kind: 'atelier',
            title: 'Atelier éco-gestes',
            quartier: 'rosa-parks',
            place: 'Maison du projet',
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3600_000),
            capacity: 5,
            invite: { audience: 'none' },
            reminders: [],
          },
          creator.id,
        );
        const people = await Promise.all(
          Array.from({ length: 20 }, (_, i) => app.ctx.people.findOrCreate('telegram', `p${i}`, `p${i}`, 'fr')),
        );
        const outcomes = await Promise.all(people.map((p) => app.ctx.meetings.register(m.id, p.id)));
        const registered = outcomes.filter((o) => 'status' in o && o.status === 'registered');
        const positions = outcomes.flatMap((o) => ('status' in o && o.status === 'waiting' ? [o.position] : []));
        expect(registered).toHaveLength(5);
        expect(positions.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
        expect(await app.ctx.meetings.counts(m.id)).toEqual({ registered: 5, waiting: 15 });

        const firstWaiting = people[outcomes.findIndex((o) => 'position' in o && o.position === 1)]!;
        const leaving = people[outcomes.findIndex((o) => 'status' in o && o.status === 'registered')]!;
        expect(await app.ctx.meetings.unregister(m.id, leaving.id)).toEqual({
          was: 'registered',
          promoted: firstWaiting.id,
        });
        expect(await app.ctx.meetings.counts(m.id)).toEqual({ registered: 5, waiting: 14 });
        // Registering twice changes nothing.
        expect(await app.ctx.meetings.register(m.id, firstWaiting.id)).toEqual({ status: 'registered', already: true });
      } finally {
        await app.close();
      }
    },
  );
});
