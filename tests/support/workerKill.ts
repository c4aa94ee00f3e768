import { expect } from 'vitest';
import type { createTestApp } from './context.js';
import { eventually } from './env.js';
import { createAlert, seedNetwork } from './network.js';
import { ProductProcess } from './product.js';
import type { startFlakyTelegram } from './telegramFlakyServer.js';

/**
 * An alert to `recipients` people delivered by a worker process killed (SIGKILL) once 400 messages are out,
 * then finished by a new worker. Checks everyone was reached, duplicates within what was in flight, and says
 * when the kill happened and how many went twice.
 */
export async function broadcastWithWorkerKilled(
  app: Awaited<ReturnType<typeof createTestApp>>,
  tg: Awaited<ReturnType<typeof startFlakyTelegram>>,
  opts: { recipients: number; concurrency: number; firstChatId: number },
): Promise<{ atKill: number; duplicates: number }> {
  const env = {
    ...app.space.env,
    TELEGRAM_BOT_TOKEN: 'kill:test',
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_PAID_BROADCAST: 'true', // lifts the 30/s limit so the test is short
    DELIVERY_CONCURRENCY: String(opts.concurrency),
    JOB_LOCK_MS: '3000', // a killed worker's jobs are taken over after this
    LOG_LEVEL: 'info',
  };
  const people = await seedNetwork(app.ctx.db, opts.recipients, {
    firstChatId: opts.firstChatId,
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
  expect(atKill).toBeLessThan(opts.recipients); // killed in the middle

  worker = new ProductProcess(env, ['--role=worker']);
  try {
    await eventually(
      async () => (await app.ctx.alerts.figures(alert.id)).sent === opts.recipients,
      90_000,
      'every message sent',
    );
  } finally {
    await worker.kill('SIGTERM');
  }
  for (const p of people) expect(tg.delivered.get(p.chatId) ?? 0).toBeGreaterThanOrEqual(1);
  const duplicates = [...tg.delivered.values()].reduce((n, count) => n + (count - 1), 0);
  expect(duplicates).toBeLessThanOrEqual(opts.concurrency);
  return { atKill, duplicates };
}
