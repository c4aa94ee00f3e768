import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/env.js';
import { createAlert, createBalade, joinNetwork, seedNetwork } from '../support/network.js';
import { texts } from '../support/context.js';
import { createWorkingApp } from '../support/workingApp.js';
import { PrivateRedis } from '../support/redisServer.js';
import type { Membership } from '../../src/features/network/supportNetwork.js';

const GRACE_MS = 1500;
const HOUR = 3600_000;

describe('Redis loses its data during an alert: the database rebuilds every job and nobody is forgotten', () => {
  let redis: PrivateRedis;
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(() => redis.down());
  beforeEach(async () => {
    w = await createWorkingApp({
      REDIS_URL: redis.url,
      REDIS_CHECK_SECONDS: '0.5',
      REDIS_RETRY_MAX_MS: '200',
      CHECKIN_GRACE_MINUTES: String(GRACE_MS / 60_000),
      ECO_MANAGERS: 'telegram:9001:ilot-13',
      TELEGRAM_MESSAGES_PER_SECOND: '50',
    });
  });
  afterEach(() => w.close());

  const join = (userId: string, m: Partial<Membership>) => joinNetwork(w.app.ctx, userId, m);

  /** A silent person supported, their volunteer, an alert and a round whose check-in went out. */
  const alertWithSilentPerson = async () => {
    await join('300', { address: '7 rue des Lilas' });
    await join('400', { role: 'volunteer', address: '7 rue des Lilas', availability: 'anytime', needs: null });
    const alert = await createAlert(w.app.ctx, ['ilot-13'], 'red');
    await w.app.ctx.queues.alerts.fanout(alert.id);
    await w.app.ctx.queues.alerts.checkinRound(alert.id);
    await eventually(() => w.messagesTo('300').some((m) => /Tout va bien/.test(m.text)), 10_000, 'check-in sent');
    return alert;
  };

  const expectEscalationToTheEnd = async () => {
    await eventually(
      () => w.messagesTo('300').some((m) => /pas eu de réponse/.test(m.text)),
      15_000,
      'reminder to the person',
    );
    const toVolunteer = await eventually(
      () => w.messagesTo('400').find((m) => /ne répond pas/.test(m.text)),
      15_000,
      'escalation to the volunteer',
    );
    expect(toVolunteer.text).toMatch(/7 rue des Lilas/);
    const toManager = await eventually(
      () => w.messagesTo('9001').find((m) => /Personne n'a confirmé/.test(m.text)),
      15_000,
      'escalation to the eco-manager',
    );
    expect(toManager.text).toMatch(/7 rue des Lilas/);
  };

  it(
    'FLUSHALL mid-alert (no reconnection): the sentinel notices, ' +
      'the check-in scheduler and the pending deadline come back',
    async () => {
      const alert = await alertWithSilentPerson();
      await redis.flushall();
      await expectEscalationToTheEnd();
      const schedulers = await w.app.ctx.queues.alerts.queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual([`checkins-${alert.id}-1000`]);
    },
  );

  it('Redis restarted empty mid-alert: the product reconnects by itself and the escalation still reaches everyone', async () => {
    await alertWithSilentPerson();
    await redis.down();
    await redis.up();
    await expectEscalationToTheEnd();
  });

  it('Redis down for longer than the old 20 retries, then back empty: a ' +
    'broadcast in progress completes, and people are answered meanwhile', async () => {
    const ctx = w.app.ctx;
    const people = await seedNetwork(ctx.db, 200, {
      firstChatId: 70_000,
      quartiers: ['ilot-13'],
      roles: ['relay_building'],
    });
    const alert = await createAlert(ctx, ['ilot-13'], 'orange');
    await ctx.queues.alerts.fanout(alert.id);
    await eventually(() => w.tg.delivered.size >= 30, 20_000, 'a part delivered');
    await redis.down();
    const atOutage = w.tg.delivered.size;
    expect(atOutage).toBeLessThan(200);
    // During the outage a resident still gets the signup's first question, not "problème technique".
    const resident = w.app.person('777', 'telegram');
    expect(texts(await resident.say('/start'))).toMatch(/Dans quel quartier/);
    // Past the 20 reconnection attempts after which the old strategy gave up for good (counted, not timed).
    let attempts = 0;
    const count = () => attempts++;
    ctx.redis.on('reconnecting', count);
    await eventually(() => attempts > 20, 20_000, 'over 20 reconnection attempts');
    ctx.redis.off('reconnecting', count);
    await redis.up();
    await eventually(async () => (await ctx.alerts.figures(alert.id)).sent === 200, 30_000, 'every message sent');
    for (const p of people) expect(w.tg.delivered.get(p.chatId) ?? 0).toBeGreaterThanOrEqual(1);
    const duplicates = [...w.tg.delivered.values()].reduce((n, c) => n + (c - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(16); // at most what was in flight when Redis went away
  }, 180_000); // a ceiling for a busy machine; about 10 s idle

  it(
    'puts back meeting reminders at their due time, tip schedulers, ' +
      'and sends at once a reminder that fell due during the loss',
    async () => {
      const ctx = w.app.ctx;
      const p = await join('500', {});
      const m = await createBalade(ctx, new Date(Date.now() + 3 * HOUR), { reminders: ['P1D', 'PT2H'] });
      await ctx.meetings.register(m.id, p.id);
      await ctx.queues.meetings.scheduleReminders(m); // only the 2-hour one is in the future
      await ctx.tips.subscribe(p.id, {
        quartier: 'ilot-13',
        sector: 'commerce',
        size: '1-9',
        weekday: 2,
        time: '09:30',
      });
      await ctx.queues.tips.schedule(p.id, { weekday: 2, time: '09:30' });
      await redis.flushall();
      // The 1-day reminder was due yesterday and never went out: it goes now; the 2-hour one waits for its time.
      const reminder = await eventually(
        () => w.messagesTo('500').find((msg) => /⏰ Rappel/.test(msg.text)),
        15_000,
        'overdue reminder sent at once',
      );
      expect(reminder.text).toMatch(/Balade thermique/);
      const jobs = await ctx.queues.meetings.reminderJobs(m);
      const twoHours = jobs.find((j) => j.reminder === 'PT2H');
      expect(twoHours?.runsAt.getTime()).toBe(m.startsAt.getTime() - 2 * HOUR);
      expect(await ctx.queues.tips.scheduler(p.id)).toBeTruthy();
    },
  );
});
