import type { ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { FeatureJobs } from '../../jobs/producer.js';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import type { TipSubscription } from './sobrietyTips.js';

/** The sobriety-tips queue's producer side (one job scheduler per subscriber); its worker is in tipJobs.ts. */
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
export class TipJobs extends FeatureJobs<TipJob> {
  constructor(connection: ConnectionOptions, prefix: string) {
    super(TIPS_QUEUE, connection, prefix, { attempts: 3, delayMs: 5000 });
  }

  schedule(personId: string, s: Pick<TipSubscription, 'weekday' | 'time'>) {
    return this.queue.upsertJobScheduler(
      tipSchedulerId(personId),
      { pattern: weeklyPattern(s), tz: PARIS_ZONE },
      { name: 'weekly-tip', data: { type: 'weekly-tip', personId } },
    );
  }

  unschedule(personId: string) {
    return this.queue.removeJobScheduler(tipSchedulerId(personId));
  }

  scheduler(personId: string) {
    return this.queue.getJobScheduler(tipSchedulerId(personId));
  }
}
