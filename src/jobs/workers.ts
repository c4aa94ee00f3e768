import { CHANNELS, type DeliveryStatus } from '../channel.js';
import type { CoreContext } from '../context.js';
import type { Senders } from '../bots/outbound.js';
import { createDeliveryWorker } from './deliveries.js';
import { createDeliveryComposer } from './deliveryComposer.js';
import { maintenanceQueue, maintenanceWorker, scheduleMaintenance } from './maintenance.js';
import { watchRedis, type RecoveryWatch } from './recovery.js';
import type { DeliveryPayload } from './deliveryQueue.js';

export interface RunningWorkers {
  /** Rebuilds from the database what Redis lost (also done by itself at start, on reconnection, on data loss). */
  recovery: RecoveryWatch;
  /** Drains every worker (current jobs finish), then closes the queues they opened. */
  close: () => Promise<void>;
}

/** The core of the context (the features reach theirs through `featureJobParts`, built with the context). */
type WorkersDeps = Pick<
  CoreContext,
  'budget' | 'config' | 'db' | 'featureJobParts' | 'logger' | 'metrics' | 'now' | 'people' | 'redis'
> & { queues: Pick<CoreContext['queues'], 'deliveries'> };

/**
 * Starts every BullMQ processor: maintenance, the features' own (`FeatureJobParts.workers`), and one delivery
 * worker per channel we can send on.
 */
export async function startWorkers(ctx: WorkersDeps, senders: Senders): Promise<RunningWorkers> {
  const { config } = ctx;
  const parts = ctx.featureJobParts;
  const queue = maintenanceQueue(ctx.redis, config.redis.prefix);
  const workers: { close: () => Promise<void> }[] = [
    maintenanceWorker(ctx, ctx.redis),
    ...parts.flatMap((p) => p.workers ?? []).map((start) => start(senders)),
  ];
  const compose = createDeliveryComposer(parts.flatMap((p) => p.deliveryWriters ?? []));
  // The features told of each settled delivery and of each person gone for good, in their order.
  const settled = async (payload: DeliveryPayload, status: DeliveryStatus) => {
    for (const p of parts) await p.settled?.(payload, status);
  };
  const unreachable = async (personId: string) => {
    for (const p of parts) await p.unreachable?.(personId);
  };
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
          unreachable,
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
  // The maintenance scheduler is put back with the rest when Redis loses its data (the features' own, such as
  // the Météo-France watch, by their `recover`).
  const recovery = watchRedis(ctx, {
    channels,
    checkEveryMs: config.redis.checkEveryMs,
    alsoRebuild: () => scheduleMaintenance(queue),
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
