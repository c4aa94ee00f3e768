import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/context.js';
import { eventually } from '../../support/env.js';
import { startFlakyTelegram } from '../../support/telegramFlakyServer.js';
import { createAlert, seedNetwork } from '../../support/network.js';
import { startWorkers, type RunningWorkers } from '../../../src/jobs/workers.js';
import { telegramSender } from '../../../src/bots/telegram/telegramSender.js';

describe('alert delivery against a misbehaving Telegram (429 with retry_after, 403 for blocked chats)', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let tg: Awaited<ReturnType<typeof startFlakyTelegram>>;
  let workers: RunningWorkers;
  beforeEach(async () => {
    app = await createTestApp('postgres', {
      TELEGRAM_MESSAGES_PER_SECOND: '200',
      ECO_MANAGERS: 'telegram:9001:ilot-13',
    });
  });
  afterEach(async () => {
    await workers?.close();
    await tg?.close();
    await app.close();
  });

  it('delivers every other message exactly once and marks the 403 people unreachable', async () => {
    const people = await seedNetwork(app.ctx.db, 60, {
      firstChatId: 20_000,
      quartiers: ['ilot-13'],
      roles: ['supported', 'volunteer'],
    });
    // Two people on a channel this deployment does not run (no Slack sender): failed at once, not pending forever.
    await seedNetwork(app.ctx.db, 2, {
      channel: 'slack',
      firstChatId: 30_000,
      quartiers: ['ilot-13'],
      roles: ['volunteer'],
    });
    const blocked = new Set(people.slice(0, 5).map((p) => p.chatId));
    // A few 429s prove the wait and retry; each one holds deliveries for its retry_after (1 s).
    tg = await startFlakyTelegram({ blocked, every429: 20 });
    workers = await startWorkers(app.ctx, {
      telegram: telegramSender({ token: 't', apiRoot: tg.apiRoot, paidBroadcast: false }),
    });
    const alert = await createAlert(app.ctx, ['ilot-13'], 'red');
    await app.ctx.queues.alerts.fanout(alert.id);

    await eventually(
      async () => {
        const f = await app.ctx.alerts.figures(alert.id);
        return f.total > 0 && f.pending === 0;
      },
      40_000,
      'all deliveries settled',
    );
    const figures = await app.ctx.alerts.figures(alert.id);
    expect(figures).toEqual({ total: 62, sent: 55, failed: 2, unreachable: 5, pending: 0 });
    expect(tg.stats().rateLimited).toBeGreaterThan(0);
    for (const p of people.slice(5)) expect(tg.delivered.get(p.chatId)).toBe(1);
    for (const p of people.slice(0, 5)) {
      expect(tg.delivered.get(p.chatId)).toBeUndefined();
      expect((await app.ctx.people.byId(p.personId))?.unreachableAt).not.toBeNull();
    }
    // The eco-manager's report was sent then edited to the final figures.
    await eventually(
      () =>
        tg.edits.some(
          (e) => e.chatId === '9001' && /Envoyés : 55 \/ 62[\s\S]*Échecs : 2[\s\S]*Injoignables : 5/.test(e.text),
        ),
      10_000,
      'final report',
    );
    // Check-ins are scheduled every day at 10:00 Paris time until the end of the alert.
    const schedulers = await app.ctx.queues.alerts.queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: `checkins-${alert.id}-1000`, pattern: '0 10 * * *', tz: 'Europe/Paris' }),
    ]);
  });
});
