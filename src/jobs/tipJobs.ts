import { errorCode } from '../logger.js';
import { logWorkerErrors, quietOnConnectionErrors } from './redis.js';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Reply } from '../core/messages.js';
import type { Person } from '../storage/people.js';
import type { Senders } from '../bots/outbound.js';
import { translator } from '../i18n/translator.js';
import { PARIS_ZONE } from '../domain/parisTime.js';
import type { TipSubscription } from '../domain/sobrietyTips.js';
import { deliveryRouter, type DeliveryPayload } from './deliveries.js';

export const TIPS_QUEUE = 'sobriety-tips';

export const TipJob = z.object({ type: z.literal('weekly-tip'), personId: z.string() });
export type TipJob = z.infer<typeof TipJob>;

/** The scheduler id of a subscriber: one per person, so changing the day replaces it and unsubscribing removes it. */
export const tipSchedulerId = (personId: string) => `tips-${personId}`;

/** "Mondays at 09:30" as a cron pattern (minute hour * * weekday; cron's Sunday is 0). */
export function weeklyPattern(s: Pick<TipSubscription, 'weekday' | 'time'>): string {
  const [h, m] = s.time.split(':').map(Number);
  return `${m} ${h} * * ${s.weekday % 7}`;
}

/** Producer: one BullMQ job scheduler per subscriber, in Paris time. */
export class TipJobs {
  readonly queue: Queue<TipJob>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue<TipJob>(TIPS_QUEUE, { connection, prefix, defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000, removeOnFail: 5000 } });
    quietOnConnectionErrors(this.queue);
  }

  schedule(personId: string, s: Pick<TipSubscription, 'weekday' | 'time'>) {
    return this.queue.upsertJobScheduler(tipSchedulerId(personId), { pattern: weeklyPattern(s), tz: PARIS_ZONE }, { name: 'weekly-tip', data: { type: 'weekly-tip', personId } });
  }

  unschedule(personId: string) {
    return this.queue.removeJobScheduler(tipSchedulerId(personId));
  }

  scheduler(personId: string) {
    return this.queue.getJobScheduler(tipSchedulerId(personId));
  }

  close() {
    return this.queue.close();
  }
}

/** Each week: the subscriber's next tip, unless a heat alert is active in their quartier (no message fatigue). */
export function createTipWorker({ ctx, senders, connection }: { ctx: AppContext; senders: Senders; connection: ConnectionOptions }): Worker<TipJob> {
  const deliver = deliveryRouter(ctx.queues.deliveries, senders, ctx.logger);
  const worker = new Worker<TipJob>(
    TIPS_QUEUE,
    async (job) => {
      const { personId } = TipJob.parse(job.data);
      const [subscription, person] = await Promise.all([ctx.tips.get(personId), ctx.people.byId(personId)]);
      if (!subscription || !person) {
        await ctx.queues.tips.unschedule(personId); // left meanwhile
        return 'no subscription';
      }
      const active = (await ctx.alerts.activeFor([subscription.quartier])).filter((a) => a.startsAt <= ctx.now());
      if (active.length) return 'paused: heat alert';
      const tip = await ctx.tips.next(personId, subscription.sector, subscription.size);
      await deliver([{ key: `tip-${personId}-${tip.id}-${job.id ?? Date.now()}`.replace(/[^A-Za-z0-9_-]/g, '_'), kind: 'tip', ref: tip.id, personId, channel: person.channel }]);
      return `sent ${tip.id}`;
    },
    { connection, prefix: ctx.config.redis.prefix, concurrency: 4 },
  );
  worker.on('failed', (job, err) => ctx.logger.error({ code: errorCode(err), job: job?.id }, 'tip job failed'));
  logWorkerErrors(worker, ctx.logger, 'tips');
  return worker;
}

export function composeTipDelivery(payload: DeliveryPayload, person: Person): Reply {
  const t = translator(person.language);
  return { text: t('tipsDesk.weekly', { tip: t(`tips.items.${payload.ref}`) }), options: [{ value: 'cmd:stop', label: t('tipsDesk.unsubscribe') }] };
}
