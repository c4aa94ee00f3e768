import type { ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { FeatureJobs } from '../../jobs/producer.js';
import { PARIS_ZONE } from '../../domain/parisTime.js';
import type { HeatAlert } from './heatAlerts.js';
import { realTimeMs } from '../../clock.js';

/** The heat-alert queue's producer side (what flows and desks schedule); its worker is in heatAlertJobs.ts. */
export const ALERTS_QUEUE = 'heat-alerts';

/** Job payloads: ids only. */
export const AlertJob = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fanout'), alertId: z.string() }),
  z.object({ type: z.literal('report'), alertId: z.string() }),
  z.object({ type: z.literal('checkin-round'), alertId: z.string() }),
  /** stage 1: remind; 2: escalate to the volunteers; 3: warn the eco-manager if nobody took it. */
  z.object({ type: z.literal('checkin-deadline'), checkinId: z.string(), stage: z.number().int().min(1).max(3) }),
  z.object({ type: z.literal('end'), alertId: z.string(), by: z.string() }),
  /** Ask the other eco-managers of a pending alert's quartiers to approve it. */
  z.object({ type: z.literal('approval'), alertId: z.string() }),
  /** Tell a pending alert's author it was approved or refused. */
  z.object({ type: z.literal('decided'), alertId: z.string() }),
  /** Read Météo-France's vigilance map; a rise drafts an alert for the eco-managers. */
  z.object({ type: z.literal('vigilance') }),
]);
export type AlertJob = z.infer<typeof AlertJob>;

/** Producer for everything that happens around an alert. */
export class AlertJobs extends FeatureJobs<AlertJob> {
  constructor(connection: ConnectionOptions, prefix: string) {
    super(ALERTS_QUEUE, connection, prefix, { attempts: 5, delayMs: 1000 });
  }

  fanout(alertId: string) {
    return this.add({ type: 'fanout', alertId }, `fanout-${alertId}`);
  }

  /** Debounced: at most one report update per alert every 2 s. */
  report(alertId: string) {
    const bucket = Math.floor(realTimeMs() / 2000);
    return this.add({ type: 'report', alertId }, `report-${alertId}-${bucket}`, { delay: 500, removeOnComplete: true });
  }

  requestApproval(alertId: string) {
    return this.add({ type: 'approval', alertId }, `approval-${alertId}`);
  }

  decided(alertId: string) {
    return this.add({ type: 'decided', alertId }, `decided-${alertId}`);
  }

  /** A round now, on top of the scheduled ones: no fixed id, since an alert has a round every day. */
  checkinRound(alertId: string) {
    return this.queue.add('checkin-round', { type: 'checkin-round', alertId });
  }

  deadline(checkinId: string, stage: 1 | 2 | 3, delayMs: number) {
    return this.add({ type: 'checkin-deadline', checkinId, stage }, `deadline-${checkinId}-${stage}`, {
      delay: delayMs,
    });
  }

  end(alertId: string, by: string) {
    return this.add({ type: 'end', alertId, by }, `end-${alertId}`);
  }

  /**
   * Daily check-ins at the configured Paris times, from the alert's start to its end (BullMQ job schedulers).
   * Upserting is idempotent; returns how many schedulers were missing.
   */
  async scheduleCheckins(alert: HeatAlert): Promise<number> {
    let missing = 0;
    for (const time of alert.checkinPattern.split(',')) {
      const [h, m] = time.split(':');
      const id = `checkins-${alert.id}-${time.replace(':', '')}`;
      if (!(await this.queue.getJobScheduler(id))) missing++;
      await this.queue.upsertJobScheduler(
        id,
        {
          pattern: `${Number(m)} ${Number(h)} * * *`,
          tz: PARIS_ZONE,
          startDate: alert.startsAt,
          endDate: alert.endsAt,
        },
        { name: 'checkin-round', data: { type: 'checkin-round', alertId: alert.id } },
      );
    }
    return missing;
  }

  /** The vigilance map read at these Paris times every day (one scheduler per time, idempotent). */
  async scheduleVigilance(times: string[]): Promise<void> {
    for (const time of times) {
      const [h, m] = time.split(':');
      await this.queue.upsertJobScheduler(
        `vigilance-${time.replace(':', '')}`,
        { pattern: `${Number(m)} ${Number(h)} * * *`, tz: PARIS_ZONE },
        { name: 'vigilance', data: { type: 'vigilance' } },
      );
    }
  }

  async unscheduleCheckins(alert: HeatAlert): Promise<void> {
    for (const time of alert.checkinPattern.split(','))
      await this.queue.removeJobScheduler(`checkins-${alert.id}-${time.replace(':', '')}`);
  }
}
