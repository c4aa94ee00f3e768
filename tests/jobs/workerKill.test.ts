import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/context.js';
import { eventually } from '../support/env.js';
import { startFlakyTelegram } from '../support/telegramFlakyServer.js';
import { createAlert, seedNetwork } from '../support/network.js';
import { ProductProcess } from '../support/product.js';

const RECIPIENTS = 2000;
const CONCURRENCY = 16;

describe('a worker killed (SIGKILL) in the middle of a 2,000-message broadcast', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let tg: Awaited<ReturnType<typeof startFlakyTelegram>>;
  beforeAll(async () => {
    app = await createTestApp('postgres');
    tg = await startFlakyTelegram();
  });
  afterAll(async () => {
    await tg.close();
    await app.close();
  });

  it('a new worker delivers every remaining message; duplicates stay within what was in flight', async () => {
    const env = {
      ...app.space.env,
      TELEGRAM_BOT_TOKEN: 'kill:test',
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_PAID_BROADCAST: 'true', // lifts the 30/s limit so the test is short
      DELIVERY_CONCURRENCY: String(CONCURRENCY),
      JOB_LOCK_MS: '3000', // a killed worker's jobs are taken over after this
      LOG_LEVEL: 'info',
    };
    const people = await seedNetwork(app.ctx.db, RECIPIENTS, {
      firstChatId: 50_000,
      quartiers: ['bas-belleville'],
      roles: ['supported', 'volunteer'],
    });
    const alert = await createAlert(app.ctx, ['bas-belleville'], 'orange');

    let worker = new ProductProcess(env, ['--role=worker']);
    await worker.waitForLog(/workers started/);
    await app.ctx.queues.alerts.fanout(alert.id);
    await eventually(() => tg.delivered.size >= 400, 60_000, 'a good part delivered');
    await worker.kill('SIGKILL');
    const atKill = tg.delivered.size;
    expect(atKill).toBeLessThan(RECIPIENTS); // killed in the middle

    worker = new ProductProcess(env, ['--role=worker']);
    try {
      await eventually(
        async () => (await app.ctx.alerts.figures(alert.id)).sent === RECIPIENTS,
        90_000,
        'every message sent',
      );
    } finally {
      await worker.kill('SIGTERM');
    }
    for (const p of people) expect(tg.delivered.get(p.chatId) ?? 0).toBeGreaterThanOrEqual(1);
    const duplicates = [...tg.delivered.values()].reduce((n, count) => n + (count - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    console.log(`killed after ${atKill} of ${RECIPIENTS}; duplicates: ${duplicates}`);
  });
});
