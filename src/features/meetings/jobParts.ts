import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../../jobs/featureParts.js';
import { reminderTime } from './meeting.js';

/** Who came to a meeting matters for its follow-up, not for ever: places are forgotten a month after it ended. */
const REGISTRATIONS_KEPT_MS = 30 * 24 * 3600 * 1000;

type MeetingJobDeps = Pick<AppContext, 'db' | 'meetings' | 'now' | 'queues'>;

/**
 * Meetings' part of the jobs layer: its queue, its reminders rebuilt after a Redis loss, and places at meetings
 * long past forgotten (before the people who then hold nothing, in the same hourly run).
 */
export function meetingJobParts(ctx: MeetingJobDeps): FeatureJobParts {
  return {
    queues: [ctx.queues.meetings.queue],
    recover: () => recoverReminders(ctx),
    async purgeHolds() {
      const monthAgo = new Date(ctx.now().getTime() - REGISTRATIONS_KEPT_MS).toISOString();
      const registrations = await ctx.db
        .deleteFrom('event_registrations')
        .where('event_id', 'in', (eb) => eb.selectFrom('events').select('id').where('ends_at', '<', monthAgo))
        .executeTakeFirst();
      return { registrations: Number(registrations.numDeletedRows) };
    },
  };
}

/**
 * Reminders of meetings still to come: future ones as delayed jobs; one whose time passed while its job was
 * lost (and that nobody received) goes out at once.
 */
async function recoverReminders(ctx: MeetingJobDeps) {
  const counts = { meetingReminders: 0 };
  const now = ctx.now();
  for (const m of await ctx.meetings.upcoming(undefined, 10_000)) {
    if (m.startsAt <= now) continue;
    for (const reminder of m.reminders) {
      const jobId = ctx.queues.meetings.reminderJobId(m.id, reminder, m.startsAt);
      if (await ctx.queues.meetings.queue.getJob(jobId)) continue;
      const at = reminderTime(m.startsAt, reminder);
      if (at <= now) {
        const prefix = `mr-${m.id}-${reminder}-${m.startsAt.getTime()}-`;
        const sent = await ctx.db
          .selectFrom('deliveries')
          .select('key')
          .where('key', 'like', `${prefix}%`)
          .limit(1)
          .executeTakeFirst();
        if (sent) continue;
      }
      await ctx.queues.meetings.scheduleReminder(m, reminder, at);
      counts.meetingReminders++;
    }
  }
  return counts;
}
