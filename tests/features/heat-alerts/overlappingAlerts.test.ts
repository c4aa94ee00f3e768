import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { texts } from '../../support/context.js';
import { eventually } from '../../support/env.js';
import { createAlert, seedNetwork } from '../../support/network.js';
import { createWorkingApp } from '../../support/workingApp.js';

describe('a second alert for the same quartiers and people', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  beforeEach(async () => {
    w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13+rosa-parks' });
  });
  afterEach(() => w.close());

  /** The /alerte flow as the eco-manager goes through it; returns the preview's text. */
  const compose = async (quartier: RegExp) => {
    const eco = w.app.person('9001', 'telegram');
    await eco.say('/alerte');
    await eco.press(quartier);
    await eco.press(/Tout le réseau/);
    await eco.press(/rouge/);
    await eco.press(/Garder ce message/);
    await eco.press(/Maintenant/);
    const preview = texts(await eco.press(/2 jours/));
    return { preview, send: () => eco.press(/Envoyer/) };
  };

  it('is announced in the preview and replaces the first: one alert running, one check-in scheduler', async () => {
    const first = await createAlert(w.app.ctx, ['ilot-13'], 'orange');
    await w.app.ctx.queues.alerts.fanout(first.id);
    await eventually(
      async () => (await w.app.ctx.queues.alerts.queue.getJobSchedulers()).length === 1,
      10_000,
      'first scheduler',
    );
    const { preview, send } = await compose(/^Ilot 13$/);
    expect(preview).toMatch(/déjà en cours[\s\S]*remplacera/);
    expect(texts(await send())).toMatch(/C'est parti/);
    await eventually(
      async () => {
        const schedulers = await w.app.ctx.queues.alerts.queue.getJobSchedulers();
        return schedulers.length === 1 && !schedulers[0]!.key.includes(first.id);
      },
      10_000,
      "one scheduler, the new alert's",
    );
    expect((await w.app.ctx.alerts.get(first.id))!.status).toBe('replaced');
    expect(await w.app.ctx.alerts.activeFor(['ilot-13'])).toHaveLength(1);
  });

  it(
    'when two alerts overlap in part, each person supported gets one ' +
      '"Tout va bien ?" per round, and /finalerte tells them apart',
    async () => {
      const people = await seedNetwork(w.app.ctx.db, 3, {
        firstChatId: 61_000,
        quartiers: ['ilot-13'],
        roles: ['supported'],
      });
      const wide = await createAlert(w.app.ctx, ['ilot-13', 'rosa-parks'], 'orange');
      const { preview, send } = await compose(/^Ilot 13$/);
      expect(preview).toMatch(/déjà en cours[\s\S]*continue/);
      await send();
      const [narrow] = (await w.app.ctx.alerts.activeFor(['ilot-13'])).filter((a) => a.id !== wide.id);
      expect(narrow).toBeDefined();
      // The 10:00 round of both alerts at the same minute.
      await Promise.all([
        w.app.ctx.queues.alerts.checkinRound(wide.id),
        w.app.ctx.queues.alerts.checkinRound(narrow!.id),
      ]);
      await eventually(
        () => people.every((p) => w.messagesTo(p.chatId).some((m) => /Tout va bien/.test(m.text))),
        10_000,
        'check-ins',
      );
      const queue = w.app.ctx.queues.alerts.queue;
      await eventually(
        async () => (await queue.getJobs(['completed'])).filter((j) => j.name === 'checkin-round').length === 2,
        10_000,
        'both rounds done',
      );
      expect(await w.app.ctx.db.selectFrom('checkins').select('person_id').execute()).toHaveLength(3);
      expect(
        await w.app.ctx.db.selectFrom('deliveries').select('key').where('kind', '=', 'checkin').execute(),
      ).toHaveLength(3);
      for (const p of people) expect(w.messagesTo(p.chatId).filter((m) => /Tout va bien/.test(m.text))).toHaveLength(1);

      const choice = await w.app.person('9001', 'telegram').say('/finalerte');
      const labels = choice.flatMap((r) => r.options ?? []).map((o) => o.label);
      expect(labels).toHaveLength(2);
      expect(new Set(labels).size).toBe(2);
      expect(labels.some((l) => /Ilot 13, Rosa Parks/.test(l))).toBe(true);
    },
  );
});
