import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { startWorkers, type RunningWorkers } from '../../src/jobs/workers.js';
import { telegramSender } from '../../src/bots/telegram/telegramSender.js';
import { alertDeliveries } from '../../src/features/heat-alerts/heatAlerts.js';
import { createTestSpace, DB_KINDS, type TestSpace } from '../support/env.js';
import { startFlakyTelegram } from '../support/telegramFlakyServer.js';
import { createAlert, seedNetwork } from '../support/network.js';

/**
 * The work one broadcast message costs the delivery worker, counted over a 300-recipient alert: database
 * statements and Redis round trips per message, from the worker's start to the last "sent" mark (its start-up
 * work spread over the messages). Ceilings are today's counts, so a change that adds work to the hot path of a
 * 100k broadcast shows here whatever the machine's load. Per message: the delivery with its person and where they
 * live (1), the "sent" marks grouped (≈0.15); in Redis, BullMQ's move to the next job (1), the platform budget
 * asked for the jobs waiting together (≈0.3–0.5) and its "answered" marks grouped or carried by the next ask
 * (≈0.15). Before issue 28's third pass: 2.25 statements (the person's membership read apart) and 2.3 round trips
 * (one budget script per message); before its second: 4.2 and 3.2.
 */
const RECIPIENTS = 300;
const CEILINGS = { queries: 1.4, redisTrips: 1.8 };

describe.each(DB_KINDS)('work per delivery on %s', (kind) => {
  let space: TestSpace;
  let standIn: Awaited<ReturnType<typeof startFlakyTelegram>>;
  let ctx: Awaited<ReturnType<typeof buildContext>>;
  let workers: RunningWorkers | undefined;
  let counting = false;
  const work = { queries: 0, redisTrips: 0, sql: new Map<string, number>(), commands: new Map<string, number>() };

  beforeAll(async () => {
    standIn = await startFlakyTelegram();
    space = await createTestSpace(kind, {
      TELEGRAM_BOT_TOKEN: 'bench:token',
      TELEGRAM_API_ROOT: standIn.apiRoot,
      TELEGRAM_MESSAGES_PER_SECOND: '100000',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
    });
    ctx = await buildContext(space.config, {
      logger: createLogger('silent'),
      onQuery: (sql) => {
        if (!counting) return;
        work.queries++;
        const short = sql
          .replace(/\$\d+|\?/g, '?')
          .replace(/(, \?)+/g, ', ?…')
          .slice(0, 110);
        work.sql.set(short, (work.sql.get(short) ?? 0) + 1);
      },
    });
    const pipelines = new WeakSet<object>();
    const send = ctx.redis.sendCommand.bind(ctx.redis);
    ctx.redis.sendCommand = ((command: Parameters<typeof send>[0], stream?: object, ...rest: unknown[]) => {
      if (counting && (!stream || !pipelines.has(stream))) {
        work.redisTrips++;
        const name = (command as { name: string }).name;
        work.commands.set(name, (work.commands.get(name) ?? 0) + 1);
      }
      if (stream) pipelines.add(stream);
      return (send as (...a: unknown[]) => ReturnType<typeof send>)(command, stream, ...rest);
    }) as typeof ctx.redis.sendCommand;
  });

  afterAll(async () => {
    await workers?.close();
    await ctx?.close();
    await space?.cleanup();
    await standIn?.close();
  });

  it('a broadcast message costs a few statements and Redis round trips, counted', async () => {
    await seedNetwork(ctx.db, RECIPIENTS, { firstChatId: 500_000, quartiers: ['ilot-13'], roles: ['volunteer'] });
    const alert = await createAlert(ctx, ['ilot-13']);
    const recipients = await ctx.alerts.recipients(alert.quartiers, alert.audience);
    await ctx.queues.deliveries.enqueue(alertDeliveries(alert.id, recipients));
    const sender = telegramSender({ token: 'bench:token', apiRoot: standIn.apiRoot, paidBroadcast: false });
    counting = true;
    workers = await startWorkers(ctx, { telegram: sender });
    const deadline = Date.now() + 60_000;
    while (standIn.delivered.size < RECIPIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    counting = false;
    expect(standIn.delivered.size).toBe(RECIPIENTS);
    const per = { queries: work.queries / RECIPIENTS, redisTrips: work.redisTrips / RECIPIENTS };
    const detail = [...work.sql]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${n} × ${s}`)
      .join('\n');
    console.log(kind, JSON.stringify(per), JSON.stringify([...work.commands]), `\n${detail}`);
    expect(per.queries, detail).toBeLessThanOrEqual(CEILINGS.queries);
    expect(per.redisTrips, detail).toBeLessThanOrEqual(CEILINGS.redisTrips);
  });
});
