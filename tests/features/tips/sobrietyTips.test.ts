import type { Redis } from 'ioredis';
import { queuePrefix } from '../../../src/jobs/redis.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { texts } from '../../support/context.js';
import { DB_KINDS, eventually } from '../../support/env.js';
import { createWorkingApp } from '../../support/workingApp.js';
import { createAlert } from '../../support/network.js';
import { TIPS_QUEUE } from '../../../src/features/tips/worker.js';
import { TIP_LIBRARY } from '../../../src/features/tips/tipLibrary.js';
import { seasonOf, tipsFor } from '../../../src/features/tips/sobrietyTips.js';
import { dataKey, translator } from '../../../src/i18n/translator.js';

describe.each(DB_KINDS)('energy-sobriety tips for businesses (%s)', (kind) => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  let app: typeof w.app;
  let tg: typeof w.tg;
  let events: QueueEvents;
  beforeEach(async () => {
    w = await createWorkingApp({}, kind);
    ({ app, tg } = w);
    events = new QueueEvents(TIPS_QUEUE, {
      connection: (app.ctx.redis as Redis).duplicate(),
      prefix: queuePrefix(app.space.config.redis.prefix, TIPS_QUEUE),
    });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    await events.close();
    await w.close();
  });

  const subscribe = async (userId: string, weekday: RegExp, time: string) => {
    const shop = app.person(userId, 'telegram');
    expect(texts(await shop.say('/conseils'))).toMatch(/quel quartier/);
    await shop.press(/Rosa Parks/);
    await shop.press(/Restauration/);
    await shop.press(/1 à 9/);
    await shop.press(weekday);
    expect(texts(await shop.say('25:99'))).toMatch(/Écrivez une heure/);
    expect(texts(await shop.say(time))).toMatch(/un conseil pratique chaque/);
    return { shop, person: (await app.ctx.people.find('telegram', userId))! };
  };
  // app.person() chats from "chat-<id>": that is where the bot writes.
  /** What the weekly scheduler does at the chosen time, run now. */
  const runWeekly = async (personId: string) => {
    const job = await app.ctx.queues.tips.queue.add('weekly-tip', { type: 'weekly-tip', personId });
    return job.waitUntilFinished(events, 10_000) as Promise<string>;
  };

  it('subscribing creates one weekly job scheduler in Paris time; changing the day updates it; /stop removes it', async () => {
    const { shop, person } = await subscribe('700', /Mardi/, '8h30');
    const scheduler = await app.ctx.queues.tips.scheduler(person.id);
    expect(scheduler).toMatchObject({ pattern: '30 8 * * 2', tz: 'Europe/Paris' });
    expect(texts(await shop.say('/mesdonnees'))).toMatch(/secteur Restauration, chaque Mardi à 08:30/);

    // Changing: the flow again, with "keep" buttons; the same scheduler id gets the new day.
    await shop.say('/conseils');
    await shop.press(/Garder/);
    await shop.press(/Garder/);
    await shop.press(/Garder/);
    await shop.press(/Vendredi/);
    await shop.say('17:00');
    const schedulers = await app.ctx.queues.tips.queue.getJobSchedulers();
    expect(schedulers.filter((s) => s.key.includes(person.id) || s.id?.includes(person.id))).toHaveLength(1);
    expect(await app.ctx.queues.tips.scheduler(person.id)).toMatchObject({
      pattern: '0 17 * * 5',
      tz: 'Europe/Paris',
    });

    expect(texts(await shop.say('/stop'))).toMatch(/vous ne recevrez plus de conseils/);
    expect(await app.ctx.queues.tips.scheduler(person.id)).toBeUndefined();
    expect(await app.ctx.tips.get(person.id)).toBeUndefined();
    expect(await app.ctx.people.find('telegram', '700')).toBeUndefined(); // nothing else kept: forgotten
  });

  it(
    'sends one tip a week fitting the season and sector, never ' +
      'the same twice until all were sent; the button unsubscribes',
    async () => {
      const { person } = await subscribe('701', /Lundi/, '09:00');
      const fitting = tipsFor('restauration', seasonOf(new Date()));
      expect(await runWeekly(person.id)).toMatch(/^sent /);
      const first = await eventually(
        () => tg.messages.find((m) => m.chatId === 'chat-701' && /conseil sobriété de la semaine/.test(m.text)),
        10_000,
        'weekly tip',
      );
      expect(first.buttons.map((b) => b.text)).toEqual(['Ne plus recevoir de conseils']);
      const t = translator('fr');
      expect(fitting.some((tip) => first.text.includes(t(dataKey(`tips.items.${tip.id}`))))).toBe(true);
      // The sector's own tips come first.
      expect(first.text).toContain(t(dataKey(`tips.items.${fitting.find((tip) => tip.sectors !== 'all')!.id}`)));

      // A whole round, then a new one: no repeat before every fitting tip was sent.
      const picked = [];
      for (let i = 0; i < fitting.length - 1; i++) picked.push((await app.ctx.tips.next(person.id, 'restauration')).id);
      expect(new Set([...picked, fitting.find((tip) => tip.sectors !== 'all')!.id]).size).toBe(fitting.length);
      const nextRound = await app.ctx.tips.next(person.id, 'restauration');
      expect(fitting.map((x) => x.id)).toContain(nextRound.id);

      const unsubscribe = await app.conversation.handle({
        channel: 'telegram',
        userId: '701',
        chatId: '701',
        kind: 'choice',
        choice: first.buttons[0]!.callback_data,
      });
      expect(texts(unsubscribe)).toMatch(/vous ne recevrez plus de conseils/);
      expect(await app.ctx.queues.tips.scheduler(person.id)).toBeUndefined();
    },
  );

  it('pauses while a heat alert is active in their quartier, and resumes after it', async () => {
    const { person } = await subscribe('702', /Jeudi/, '10:00');
    const alert = await createAlert(app.ctx, ['rosa-parks'], 'orange');
    expect(await runWeekly(person.id)).toBe('paused: heat alert');
    expect(tg.messages.filter((m) => m.chatId === 'chat-702')).toHaveLength(0);
    await app.ctx.alerts.end(alert.id, 'test');
    expect(await runWeekly(person.id)).toMatch(/^sent /);
    await eventually(() => tg.messages.find((m) => m.chatId === 'chat-702'), 10_000, 'tip after the alert');
    // An alert in another quartier does not pause them.
    await createAlert(app.ctx, ['ilot-13'], 'red');
    expect(await runWeekly(person.id)).toMatch(/^sent /);
  });
});

describe('the tip library', () => {
  it('ships at least 40 tips, each written in French and English, covering both seasons and every sector', () => {
    expect(TIP_LIBRARY.length).toBeGreaterThanOrEqual(40);
    const fr = translator('fr');
    const en = translator('en');
    for (const tip of TIP_LIBRARY) {
      const key = dataKey(`tips.items.${tip.id}`);
      expect(fr(key)).not.toBe(key);
      expect(en(key)).not.toBe(key);
      expect(fr(key)).not.toBe(en(key));
    }
    for (const sector of ['bureaux', 'commerce', 'restauration', 'hotellerie', 'autre'] as const) {
      expect(tipsFor(sector, 'winter').some((t) => t.season === 'winter')).toBe(true);
      expect(tipsFor(sector, 'summer').some((t) => t.season === 'summer')).toBe(true);
      expect(tipsFor(sector, 'summer').some((t) => t.season === 'winter')).toBe(false);
    }
    // The size asked in the flow is used: a team tip is not for a business of three.
    expect(tipsFor('bureaux', 'winter', '1-9').map((t) => t.id)).not.toContain('suivi-referent');
    expect(tipsFor('bureaux', 'winter', '50+').map((t) => t.id)).toContain('suivi-referent');
    expect(seasonOf(new Date('2026-01-15T12:00:00Z'))).toBe('winter');
    expect(seasonOf(new Date('2026-07-15T12:00:00Z'))).toBe('summer');
  });
});
