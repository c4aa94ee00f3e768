import { errorCode } from '../../logger.js';
import { logWorkerErrors, queuePrefix } from '../../jobs/redis.js';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppContext } from '../context.js';
import type { Senders } from '../../bots/outbound.js';
import { deliveryRouter, type DeliveryRequest } from '../../jobs/deliveries.js';
import type { Recipient } from '../../domain/audience.js';

import { MeetingJob, MEETINGS_QUEUE } from './queue.js';

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
  ctx: Pick<AppContext, 'config' | 'logger' | 'meetings' | 'queues'>;
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
    { connection, prefix: queuePrefix(ctx.config.redis.prefix, MEETINGS_QUEUE), concurrency: 4 },
  );
  worker.on('failed', (job, err) => ctx.logger.error({ code: errorCode(err), job: job?.name }, 'meeting job failed'));
  logWorkerErrors(worker, ctx.logger, 'meetings');
  return worker;
}

export {
  cancelOption,
  composeMeetingDelivery,
  describeReminders,
  meetingParams,
  meetingWhen,
  registerOption,
} from './texts.js';
