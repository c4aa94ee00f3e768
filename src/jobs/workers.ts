import { CHANNELS } from '../channel.js';
import type { AppContext } from '../context.js';
import type { Senders } from '../bots/outbound.js';
import { createDeliveryWorker } from './deliveries.js';
import { onDeliverySettled } from '../features/heat-alerts/worker.js';
import { FEATURE_WORKERS } from '../features/index.js';
import { createDeliveryComposer } from './deliveryComposer.js';
import { maintenanceQueue, maintenanceWorker, scheduleMaintenance } from './maintenance.js';
import { watchRedis, type RecoveryWatch } from './recovery.js';

export interface RunningWorkers {
  /** Rebuilds from the database what Redis lost (also done by itself at start, on reconnection, on data loss). */
  recovery: RecoveryWatch;
  /** Drains every worker (current jobs finish), then closes the queues they opened. */
  close: () => Promise<void>;
}

/** Starts every BullMQ processor: maintenance, alerts, and one delivery worker per channel we can send on. */
export async function startWorkers(ctx: AppContext, senders: Senders): Promise<RunningWorkers> {
  const { config } = ctx;
  const queue = maintenanceQueue(ctx.redis, config.redis.prefix);
  const workers: { close: () => Promise<void> }[] = [
    maintenanceWorker(ctx, ctx.redis),
    ...FEATURE_WORKERS.map((start) => start({ ctx, senders, connection: ctx.redis })),
  ];
  const compose = createDeliveryComposer(ctx);
  const settled = onDeliverySettled(ctx);
  for (const channel of CHANNELS) {
    const sender = senders[channel];
    if (!sender) continue;
    const telegram = channel === 'telegram';
    const slack = channel === 'slack';
    workers.push(
      createDeliveryWorker(
        {
          db: ctx.db,
          redis: ctx.redis,
          people: ctx.people,
          logger: ctx.logger,
          now: ctx.now,
          prefix: config.redis.prefix,
          compose,
          settled,
          unreachable: (personId) => ctx.network.unreachable(personId),
          metrics: ctx.metrics,
          budget: ctx.budget,
        },
        {
          channel,
          sender,
          connection: ctx.redis,
          concurrency: config.delivery.concurrency,
          // Telegram: ~30 messages/s per bot (up to 1000/s with paid broadcasts), 1/s per chat; Slack: ~1/s per
          // channel.
          perSecond: telegram
            ? config.delivery.telegramPaidBroadcast
              ? 1000
              : config.delivery.telegramPerSecond
            : slack
              ? config.delivery.slackPerSecond
              : 100,
          chatIntervalMs: telegram
            ? config.delivery.telegramChatIntervalMs
            : slack
              ? config.delivery.slackChatIntervalMs
              : 0,
          lockMs: config.delivery.lockMs,
        },
      ),
    );
  }
  ctx.logger.info({ channels: Object.keys(senders) }, 'workers started');
  const channels = CHANNELS.filter((c) => senders[c]);
  // The maintenance scheduler is put back with the rest when Redis loses its data.
  const recovery = watchRedis(ctx, {
    channels,
    checkEveryMs: config.redis.checkEveryMs,
    alsoRebuild: async () => {
      await scheduleMaintenance(queue);
      if (config.vigilance) await ctx.queues.alerts.scheduleVigilance(config.vigilance.times);
    },
  });
  await recovery.rebuild('start');
  return {
    recovery,
    async close() {
      recovery.stop();
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
    },
  };
}
