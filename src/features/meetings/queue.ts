import type { ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import { FeatureJobs } from '../../jobs/producer.js';
import { reminderTime, type Meeting } from './renovationMeetings.js';

/** The meetings queue's producer side (what flows and desks schedule); its worker is in meetingJobs.ts. */
export const MEETINGS_QUEUE = 'meetings';

/**
 * Job payloads: ids only. A reminder carries the start it was computed for, so a moved meeting's stale reminder does
 * nothing.
 */
export const MeetingJob = z.discriminatedUnion('type', [
  z.object({ type: z.literal('announce'), meetingId: z.string() }),
  z.object({
    type: z.literal('reminder'),
    meetingId: z.string(),
    reminder: z.string(),
    startsAt: z.string(),
    dueAt: z.string(),
  }),
  z.object({ type: z.literal('moved'), meetingId: z.string() }),
  z.object({ type: z.literal('cancelled'), meetingId: z.string() }),
  z.object({ type: z.literal('followup'), meetingId: z.string() }),
]);
export type MeetingJob = z.infer<typeof MeetingJob>;

const epoch = (d: Date) => String(d.getTime());
const reminderJobId = (meetingId: string, reminder: string, startsAt: Date) =>
  `reminder-${meetingId}-${reminder}-${epoch(startsAt)}`;

/**
 * Producer. Reminders are delayed jobs **per meeting and reminder** (not per person): at their time they go
 * to whoever is registered then. So registering late never brings a reminder about the past, and moving a
 * 500-person meeting moves two jobs, not a thousand.
 */
export class MeetingJobs extends FeatureJobs<MeetingJob> {
  constructor(
    connection: ConnectionOptions,
    prefix: string,
    private readonly now: () => Date,
  ) {
    super(MEETINGS_QUEUE, connection, prefix, { attempts: 5, delayMs: 1000 });
  }

  announce(meetingId: string) {
    return this.add({ type: 'announce', meetingId }, `announce-${meetingId}`);
  }

  /** One delayed job per reminder still in the future; those already past are not scheduled at all. */
  async scheduleReminders(m: Meeting): Promise<number> {
    const now = this.now().getTime();
    const jobs = m.reminders
      .map((reminder) => ({ reminder, at: reminderTime(m.startsAt, reminder).getTime() }))
      .filter((r) => r.at > now)
      .map((r) => ({
        name: 'reminder',
        data: {
          type: 'reminder' as const,
          meetingId: m.id,
          reminder: r.reminder,
          startsAt: m.startsAt.toISOString(),
          dueAt: new Date(r.at).toISOString(),
        },
        opts: { jobId: reminderJobId(m.id, r.reminder, m.startsAt), delay: r.at - now },
      }));
    if (jobs.length) await this.queue.addBulk(jobs);
    return jobs.length;
  }

  reminderJobId(meetingId: string, reminder: string, startsAt: Date): string {
    return reminderJobId(meetingId, reminder, startsAt);
  }

  /** One reminder at its due time (at once when it is past): what a rebuild puts back. */
  scheduleReminder(m: Pick<Meeting, 'id' | 'startsAt'>, reminder: string, at: Date) {
    const data = {
      type: 'reminder' as const,
      meetingId: m.id,
      reminder,
      startsAt: m.startsAt.toISOString(),
      dueAt: at.toISOString(),
    };
    return this.add(data, reminderJobId(m.id, reminder, m.startsAt), {
      delay: Math.max(0, at.getTime() - this.now().getTime()),
    });
  }

  async unscheduleReminders(m: Pick<Meeting, 'id' | 'reminders' | 'startsAt'>): Promise<void> {
    for (const reminder of m.reminders) await this.queue.remove(reminderJobId(m.id, reminder, m.startsAt));
  }

  /** The reminders waiting in BullMQ for this meeting: when each is due, and the delay it was given. */
  async reminderJobs(m: Pick<Meeting, 'id' | 'reminders' | 'startsAt'>) {
    const jobs = await Promise.all(m.reminders.map((r) => this.queue.getJob(reminderJobId(m.id, r, m.startsAt))));
    return jobs
      .filter((j) => j !== undefined)
      .map((j) =>
        j.data.type === 'reminder'
          ? { reminder: j.data.reminder, runsAt: new Date(j.data.dueAt), delayMs: j.opts.delay ?? 0 }
          : undefined,
      )
      .filter((j) => j !== undefined);
  }

  moved(meetingId: string, startsAt: Date) {
    return this.add({ type: 'moved', meetingId }, `moved-${meetingId}-${epoch(startsAt)}`);
  }

  cancelled(meetingId: string) {
    return this.add({ type: 'cancelled', meetingId }, `cancelled-${meetingId}`);
  }

  followup(meetingId: string) {
    return this.add({ type: 'followup', meetingId }, `followup-${meetingId}`);
  }
}
