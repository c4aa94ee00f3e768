import { errorCode } from '../../logger.js';
import { logWorkerErrors } from '../../jobs/redis.js';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppContext } from '../../context.js';
import type { Reply } from '../../core/messages.js';
import type { Person } from '../../storage/people.js';
import type { Senders } from '../../bots/outbound.js';
import { translator, type Translate } from '../../i18n/translator.js';
import { formatParis, PARIS_ZONE } from '../../domain/parisTime.js';
import type { Meeting } from './renovationMeetings.js';
import { meetingCalendarFile } from './meetingCalendar.js';
import { deliveryRouter, type DeliveryPayload, type DeliveryRequest } from '../../jobs/deliveries.js';
import type { Recipient } from '../heat-alerts/heatAlerts.js';
import { DateTime, Duration } from 'luxon';

import { MeetingJob, MEETINGS_QUEUE } from './queue.js';
import { Buttons } from '../../core/buttons.js';

export { MeetingJob, MEETINGS_QUEUE, MeetingJobs } from './queue.js';

const epoch = (d: Date) => String(d.getTime());

/**
 * What happens around a meeting: invitations, reminders, moves, cancellations, follow-ups (all through the delivery
 * queues).
 */
export function createMeetingWorker({
  ctx,
  senders,
  connection,
}: {
  ctx: AppContext;
  senders: Senders;
  connection: ConnectionOptions;
}): Worker<MeetingJob> {
  const deliver = deliveryRouter(ctx.queues.deliveries, senders, ctx.logger);
  const to = (
    recipients: Recipient[],
    kind: DeliveryRequest['kind'],
    ref: string,
    key: (r: Recipient) => string,
  ): DeliveryRequest[] => recipients.map((r) => ({ key: key(r), kind, ref, personId: r.personId, channel: r.channel }));

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
          await deliver(
            to(
              attendees,
              'meeting-reminder',
              m.id,
              (r) => `mr-${m.id}-${data.reminder}-${epoch(m.startsAt)}-${r.personId}`,
            ),
          );
          return `reminded ${attendees.length}`;
        }
        case 'moved':
          await deliver(
            to(
              await ctx.meetings.attendees(m.id),
              'meeting-moved',
              m.id,
              (r) => `mm-${m.id}-${epoch(m.startsAt)}-${r.personId}`,
            ),
          );
          return 'moved';
        case 'cancelled': {
          const attendees = await ctx.meetings.attendees(m.id);
          await deliver(to(attendees, 'meeting-cancelled', m.id, (r) => `mc-${m.id}-${r.personId}`));
          return `told ${attendees.length}`;
        }
        case 'followup':
          await deliver(
            to(
              await ctx.meetings.attendees(m.id, 'registered'),
              'meeting-followup',
              m.id,
              (r) => `mf-${m.id}-${r.personId}`,
            ),
          );
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
  return {
    kind: t(`meeting.kind.${m.kind}`),
    title: m.title,
    when: meetingWhen(m, lang),
    place: m.place,
    reminders: describeReminders(m.reminders, lang),
  };
}

/** ["P2D", "PT2H"] → "2 jours, 2 heures" */
export function describeReminders(reminders: string[], lang: string): string {
  return reminders
    .map((r) =>
      Duration.fromISO(r)
        .reconfigure({ locale: lang === 'en' ? 'en-GB' : 'fr-FR' })
        .toHuman(),
    )
    .join(', ');
}

export const registerOption = (m: Meeting, t: Translate) => ({
  value: Buttons.meeting.encode({ action: 'register', meetingId: m.id }),
  label: t('meeting.register'),
});
export const cancelOption = (m: Meeting, t: Translate) => ({
  value: Buttons.meeting.encode({ action: 'cancel', meetingId: m.id }),
  label: t('meeting.cantCome'),
});

/** Each meeting message for one person, in their language; undefined when it no longer needs sending. */
export async function composeMeetingDelivery(
  ctx: AppContext,
  payload: DeliveryPayload,
  person: Person,
): Promise<Reply | undefined> {
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
      if (m.status !== 'scheduled' || (await ctx.meetings.registrationOf(m.id, person.id)) !== 'registered')
        return undefined;
      return { text: t('meeting.reminder', params), options: [cancelOption(m, t)] };
    }
    case 'meeting-moved':
      return { text: t('meeting.moved', params), options: [cancelOption(m, t)], attachment: meetingCalendarFile(m, t) };
    case 'meeting-cancelled':
      return { text: t('meeting.cancelledNotice', params) };
    case 'meeting-promoted':
      return {
        text: t('meeting.promoted', params),
        options: [cancelOption(m, t)],
        attachment: meetingCalendarFile(m, t),
      };
    case 'meeting-followup':
      return m.followupText ? { text: t('meeting.followup', { ...params, text: m.followupText }) } : undefined;
    default:
      return undefined;
  }
}
