import { errorCode } from '../logger.js';
import { logWorkerErrors, quietOnConnectionErrors } from './redis.js';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Reply } from '../core/messages.js';
import type { Person } from '../storage/people.js';
import type { Senders } from '../bots/outbound.js';
import { translator, type Translate } from '../i18n/translator.js';
import { formatParis, PARIS_ZONE } from '../domain/parisTime.js';
import { reminderTime, type Meeting } from '../domain/renovationMeetings.js';
import { meetingCalendarFile } from '../domain/meetingCalendar.js';
import { deliveryRouter, type DeliveryPayload, type DeliveryRequest } from './deliveries.js';
import type { Recipient } from '../domain/heatAlerts.js';
import { DateTime, Duration } from 'luxon';

export const MEETINGS_QUEUE = 'meetings';

/** Job payloads: ids only. A reminder carries the start it was computed for, so a moved meeting's stale reminder does nothing. */
export const MeetingJob = z.discriminatedUnion('type', [
  z.object({ type: z.literal('announce'), meetingId: z.string() }),
  z.object({ type: z.literal('reminder'), meetingId: z.string(), reminder: z.string(), startsAt: z.string(), dueAt: z.string() }),
  z.object({ type: z.literal('moved'), meetingId: z.string() }),
  z.object({ type: z.literal('cancelled'), meetingId: z.string() }),
  z.object({ type: z.literal('followup'), meetingId: z.string() }),
]);
export type MeetingJob = z.infer<typeof MeetingJob>;

const epoch = (d: Date) => String(d.getTime());
const reminderJobId = (meetingId: string, reminder: string, startsAt: Date) => `reminder-${meetingId}-${reminder}-${epoch(startsAt)}`;

/**
 * Producer. Reminders are delayed jobs **per meeting and reminder** (not per person): at their time they go
 * to whoever is registered then. So registering late never brings a reminder about the past, and moving a
 * 500-person meeting moves two jobs, not a thousand.
 */
export class MeetingJobs {
  readonly queue: Queue<MeetingJob>;

  constructor(connection: ConnectionOptions, prefix: string, private readonly now: () => Date) {
    this.queue = new Queue<MeetingJob>(MEETINGS_QUEUE, { connection, prefix, defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 } });
    quietOnConnectionErrors(this.queue);
  }

  announce(meetingId: string) {
    return this.queue.add('announce', { type: 'announce', meetingId }, { jobId: `announce-${meetingId}` });
  }

  /** One delayed job per reminder still in the future; those already past are not scheduled at all. */
  async scheduleReminders(m: Meeting): Promise<number> {
    const now = this.now().getTime();
    const jobs = m.reminders
      .map((reminder) => ({ reminder, at: reminderTime(m.startsAt, reminder).getTime() }))
      .filter((r) => r.at > now)
      .map((r) => ({
        name: 'reminder',
        data: { type: 'reminder' as const, meetingId: m.id, reminder: r.reminder, startsAt: m.startsAt.toISOString(), dueAt: new Date(r.at).toISOString() },
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
    const data = { type: 'reminder' as const, meetingId: m.id, reminder, startsAt: m.startsAt.toISOString(), dueAt: at.toISOString() };
    return this.queue.add('reminder', data, { jobId: reminderJobId(m.id, reminder, m.startsAt), delay: Math.max(0, at.getTime() - this.now().getTime()) });
  }

  async unscheduleReminders(m: Pick<Meeting, 'id' | 'reminders' | 'startsAt'>): Promise<void> {
    for (const reminder of m.reminders) await this.queue.remove(reminderJobId(m.id, reminder, m.startsAt));
  }

  /** The reminders waiting in BullMQ for this meeting: when each is due, and the delay it was given. */
  async reminderJobs(m: Pick<Meeting, 'id' | 'reminders' | 'startsAt'>) {
    const jobs = await Promise.all(m.reminders.map((r) => this.queue.getJob(reminderJobId(m.id, r, m.startsAt))));
    return jobs
      .filter((j) => j !== undefined)
      .map((j) => (j.data.type === 'reminder' ? { reminder: j.data.reminder, runsAt: new Date(j.data.dueAt), delayMs: j.opts.delay ?? 0 } : undefined))
      .filter((j) => j !== undefined);
  }

  moved(meetingId: string, startsAt: Date) {
    return this.queue.add('moved', { type: 'moved', meetingId }, { jobId: `moved-${meetingId}-${epoch(startsAt)}` });
  }

  cancelled(meetingId: string) {
    return this.queue.add('cancelled', { type: 'cancelled', meetingId }, { jobId: `cancelled-${meetingId}` });
  }

  followup(meetingId: string) {
    return this.queue.add('followup', { type: 'followup', meetingId }, { jobId: `followup-${meetingId}` });
  }

  close() {
    return this.queue.close();
  }
}

/** What happens around a meeting: invitations, reminders, moves, cancellations, follow-ups (all through the delivery queues). */
export function createMeetingWorker({ ctx, senders, connection }: { ctx: AppContext; senders: Senders; connection: ConnectionOptions }): Worker<MeetingJob> {
  const deliver = deliveryRouter(ctx.queues.deliveries, senders, ctx.logger);
  const to = (recipients: Recipient[], kind: DeliveryRequest['kind'], ref: string, key: (r: Recipient) => string): DeliveryRequest[] =>
    recipients.map((r) => ({ key: key(r), kind, ref, personId: r.personId, channel: r.channel }));

  const worker = new Worker<MeetingJob>(
    MEETINGS_QUEUE,
    async (job) => {
      const data = MeetingJob.parse(job.data);
      const m = await ctx.meetings.get(data.meetingId);
      if (!m) return 'unknown meeting';
      switch (data.type) {
        case 'announce':
          if (m.status !== 'scheduled') return 'cancelled';
          await deliver(to(await ctx.meetings.invitees(m), 'meeting-invite', m.id, (r) => `mi-${m.id}-${r.personId}`));
          return 'announced';
        case 'reminder': {
          // A meeting moved or cancelled since: this reminder is stale (the new ones were scheduled by the move).
          if (m.status !== 'scheduled' || m.startsAt.toISOString() !== data.startsAt) return 'stale';
          const attendees = await ctx.meetings.attendees(m.id, 'registered');
          await deliver(to(attendees, 'meeting-reminder', m.id, (r) => `mr-${m.id}-${data.reminder}-${epoch(m.startsAt)}-${r.personId}`));
          return `reminded ${attendees.length}`;
        }
        case 'moved':
          await deliver(to(await ctx.meetings.attendees(m.id), 'meeting-moved', m.id, (r) => `mm-${m.id}-${epoch(m.startsAt)}-${r.personId}`));
          return 'moved';
        case 'cancelled': {
          const attendees = await ctx.meetings.attendees(m.id);
          await deliver(to(attendees, 'meeting-cancelled', m.id, (r) => `mc-${m.id}-${r.personId}`));
          return `told ${attendees.length}`;
        }
        case 'followup':
          await deliver(to(await ctx.meetings.attendees(m.id, 'registered'), 'meeting-followup', m.id, (r) => `mf-${m.id}-${r.personId}`));
          return 'followed up';
      }
    },
    { connection, prefix: ctx.config.redis.prefix, concurrency: 4 },
  );
  worker.on('failed', (job, err) => ctx.logger.error({ code: errorCode(err), job: job?.name }, 'meeting job failed'));
  logWorkerErrors(worker, ctx.logger, 'meetings');
  return worker;
}

/** "jeudi 25 juin 18:00 – 19:30" */
export function meetingWhen(m: Pick<Meeting, 'startsAt' | 'endsAt'>, lang: string): string {
  return `${formatParis(m.startsAt, lang)} – ${DateTime.fromJSDate(m.endsAt, { zone: PARIS_ZONE }).toFormat('HH:mm')}`;
}

export function meetingParams(m: Meeting, t: Translate, lang: string): Record<string, string> {
  return { kind: t(`meeting.kind.${m.kind}`), title: m.title, when: meetingWhen(m, lang), place: m.place, reminders: describeReminders(m.reminders, lang) };
}

/** ["P2D", "PT2H"] → "2 jours, 2 heures" */
export function describeReminders(reminders: string[], lang: string): string {
  return reminders.map((r) => Duration.fromISO(r).reconfigure({ locale: lang === 'en' ? 'en-GB' : 'fr-FR' }).toHuman()).join(', ');
}

export const registerOption = (m: Meeting, t: Translate) => ({ value: `meeting:register:${m.id}`, label: t('meeting.register') });
export const cancelOption = (m: Meeting, t: Translate) => ({ value: `meeting:cancel:${m.id}`, label: t('meeting.cantCome') });

/** Each meeting message for one person, in their language; undefined when it no longer needs sending. */
export async function composeMeetingDelivery(ctx: AppContext, payload: DeliveryPayload, person: Person): Promise<Reply | undefined> {
  const t = translator(person.language);
  const m = await ctx.meetings.get(payload.ref);
  if (!m) return undefined;
  const params = meetingParams(m, t, person.language);
  switch (payload.kind) {
    case 'meeting-invite':
      if (m.status !== 'scheduled') return undefined;
      return { text: t('meeting.invite', params), options: [registerOption(m, t)] };
    case 'meeting-reminder': {
      // Cancelled their place since the reminder was queued: nothing to remind.
      if (m.status !== 'scheduled' || (await ctx.meetings.registrationOf(m.id, person.id)) !== 'registered') return undefined;
      return { text: t('meeting.reminder', params), options: [cancelOption(m, t)] };
    }
    case 'meeting-moved':
      return { text: t('meeting.moved', params), options: [cancelOption(m, t)], attachment: meetingCalendarFile(m, t) };
    case 'meeting-cancelled':
      return { text: t('meeting.cancelledNotice', params) };
    case 'meeting-promoted':
      return { text: t('meeting.promoted', params), options: [cancelOption(m, t)], attachment: meetingCalendarFile(m, t) };
    case 'meeting-followup':
      return m.followupText ? { text: t('meeting.followup', { ...params, text: m.followupText }) } : undefined;
    default:
      return undefined;
  }
}
