import type { Channel } from '../channel.js';
import type { RedisClient } from './redis.js';
import type { AppContext } from '../context.js';
import { reminderTime } from '../features/meetings/renovationMeetings.js';
import { tipSchedulerId } from '../features/tips/queue.js';

/** What a rebuild found missing in Redis and put back, by kind. */
export interface RebuildReport {
  checkinSchedulers: number;
  fanouts: number;
  /** Alerts waiting for a second eco-manager (ALERT_APPROVAL=second) whose request was never queued. */
  approvals: number;
  endings: number;
  deadlines: number;
  meetingReminders: number;
  tipSchedulers: number;
  deliveries: number;
}

type RecoveryDeps = Pick<AppContext, 'db' | 'queues' | 'config' | 'logger' | 'now' | 'meetings' | 'alerts'> &
  Partial<Pick<AppContext, 'metrics'>>;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The database is the source of truth for everything that must happen; Redis only holds the jobs that
 * make it happen. This puts back every job that the database says is still due and that Redis no longer
 * holds — after Redis restarted empty, was flushed, or lost data — keeping each job's original due time (an
 * overdue one runs at once). Idempotent: every job has a deterministic id, and an existing one is left alone.
 */
export async function rebuildJobs(deps: RecoveryDeps, channels: Channel[]): Promise<RebuildReport> {
  const report: RebuildReport = {
    checkinSchedulers: 0,
    fanouts: 0,
    approvals: 0,
    endings: 0,
    deadlines: 0,
    meetingReminders: 0,
    tipSchedulers: 0,
    deliveries: 0,
  };
  const now = deps.now();
  const alertsQueue = deps.queues.alerts.queue;

  // Alerts in force: their daily check-in schedulers, and the fan-out if it never started.
  const active = await deps.db
    .selectFrom('alerts')
    .select('id')
    .where('status', '=', 'active')
    .where('ends_at', '>', now.toISOString())
    .execute();
  for (const { id } of active) {
    const alert = await deps.alerts.get(id);
    if (!alert) continue;
    report.checkinSchedulers += await deps.queues.alerts.scheduleCheckins(alert);
    const fannedOut = await deps.db
      .selectFrom('deliveries')
      .select('key')
      .where('alert_id', '=', id)
      .where('kind', '=', 'alert')
      .limit(1)
      .executeTakeFirst();
    if (!fannedOut && !(await alertsQueue.getJob(`fanout-${id}`))) {
      await deps.queues.alerts.fanout(id);
      report.fanouts++;
    }
  }

  // Alerts waiting for approval whose request to the other eco-managers was lost before it was queued.
  const pending = await deps.db.selectFrom('alerts').select('id').where('status', '=', 'pending').execute();
  for (const { id } of pending) {
    const asked = await deps.db
      .selectFrom('deliveries')
      .select('key')
      .where('kind', '=', 'approval-request')
      .where('ref', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (!asked && !(await alertsQueue.getJob(`approval-${id}`))) {
      await deps.queues.alerts.requestApproval(id);
      report.approvals++;
    }
  }

  // Alerts decided lately (they went through approval, and are no longer pending) whose author was never told.
  const decided = await deps.db
    .selectFrom('alerts')
    .select('id')
    .where('status', '!=', 'pending')
    .where('created_at', '>', new Date(now.getTime() - DAY_MS).toISOString())
    .where('id', 'in', (eb) => eb.selectFrom('deliveries').select('ref').where('kind', '=', 'approval-request'))
    .where('id', 'not in', (eb) =>
      eb.selectFrom('deliveries').select('ref').where('kind', '=', 'approval-result').where('ref', 'is not', null),
    )
    .execute();
  for (const { id } of decided) {
    if (!(await alertsQueue.getJob(`decided-${id}`))) {
      await deps.queues.alerts.decided(id);
      report.approvals++;
    }
  }

  // Alerts ended lately whose closing messages were never queued.
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  const ended = await deps.db
    .selectFrom('alerts')
    .select(['id', 'ended_at'])
    .where('status', '=', 'ended')
    .where('ended_at', '>', dayAgo)
    .execute();
  for (const { id } of ended) {
    const closed = await deps.db
      .selectFrom('deliveries')
      .select('key')
      .where('alert_id', '=', id)
      .where('kind', '=', 'closing')
      .limit(1)
      .executeTakeFirst();
    if (!closed && !(await alertsQueue.getJob(`end-${id}`))) {
      await deps.queues.alerts.end(id, 'recovery');
      report.endings++;
    }
  }

  // Check-ins still waiting for an answer or a volunteer: the next deadline, at its original due time.
  const grace = deps.config.alerts.graceMs;
  const open = await deps.db
    .selectFrom('checkins')
    .selectAll()
    .where('sent_at', '>', new Date(now.getTime() - 2 * DAY_MS).toISOString())
    .where('manager_alerted_at', 'is', null)
    .where('taken_by', 'is', null)
    .where((eb) => eb.or([eb('answer', 'is', null), eb('answer', '=', 'help')]))
    .execute();
  for (const c of open) {
    const due = nextDeadline(c, grace);
    if (await alertsQueue.getJob(`deadline-${c.id}-${due.stage}`)) continue;
    await deps.queues.alerts.deadline(c.id, due.stage, Math.max(0, due.at - now.getTime()));
    report.deadlines++;
  }

  // Reminders of meetings still to come: future ones as delayed jobs; one whose time passed while its job
  // was lost (and that nobody received) goes out at once.
  for (const m of await deps.meetings.upcoming(undefined, 10_000)) {
    if (m.startsAt <= now) continue;
    for (const reminder of m.reminders) {
      const jobId = deps.queues.meetings.reminderJobId(m.id, reminder, m.startsAt);
      if (await deps.queues.meetings.queue.getJob(jobId)) continue;
      const at = reminderTime(m.startsAt, reminder);
      if (at <= now) {
        const prefix = `mr-${m.id}-${reminder}-${m.startsAt.getTime()}-`;
        const sent = await deps.db
          .selectFrom('deliveries')
          .select('key')
          .where('key', 'like', `${prefix}%`)
          .limit(1)
          .executeTakeFirst();
        if (sent) continue;
      }
      await deps.queues.meetings.scheduleReminder(m, reminder, at);
      report.meetingReminders++;
    }
  }

  // Weekly tips: one scheduler per subscriber.
  const subscriptions = await deps.db.selectFrom('tip_subscriptions').selectAll().execute();
  for (const s of subscriptions) {
    if (await deps.queues.tips.queue.getJobScheduler(tipSchedulerId(s.person_id))) continue;
    await deps.queues.tips.schedule(s.person_id, { weekday: Number(s.weekday), time: s.time });
    report.tipSchedulers++;
  }

  // Messages recorded as pending whose job is gone.
  report.deliveries = await deps.queues.deliveries.requeuePending(channels);
  return report;
}

/** The stage a silent or helpless check-in is waiting for, and when it is due. */
export function nextDeadline(
  c: {
    sent_at: string;
    answer: string | null;
    answered_at: string | null;
    reminded_at: string | null;
    reminders: number;
    escalated_at: string | null;
  },
  graceMs: number,
): { stage: 1 | 2 | 3; at: number } {
  const t = (iso: string | null) => (iso ? new Date(iso).getTime() : 0);
  if (c.escalated_at) return { stage: 3, at: t(c.escalated_at) + graceMs };
  if (c.answer === 'help') return { stage: 2, at: t(c.answered_at) };
  if (c.reminded_at || Number(c.reminders) > 0)
    return { stage: 2, at: (t(c.reminded_at) || t(c.sent_at) + graceMs) + graceMs };
  return { stage: 1, at: t(c.sent_at) + graceMs };
}

export interface RecoveryWatch {
  /** Runs a rebuild now (also what the watch does by itself); concurrent calls share one run. */
  rebuild: (reason: string) => Promise<RebuildReport | undefined>;
  stop: () => void;
}

/**
 * Rebuilds at start, after every Redis reconnection, and whenever a sentinel key is found missing: a
 * FLUSHALL or a Redis restarted empty without this process noticing a disconnect.
 */
export function watchRedis(
  deps: RecoveryDeps & { redis: RedisClient },
  opts: { channels: Channel[]; checkEveryMs: number; alsoRebuild?: () => Promise<void> },
): RecoveryWatch {
  const { channels, checkEveryMs } = opts;
  const sentinel = `${deps.config.redis.prefix}:sentinel`;
  let running: Promise<RebuildReport | undefined> | undefined;
  let again = false;
  let stopped = false;

  const runOnce = async (reason: string): Promise<RebuildReport | undefined> => {
    try {
      await opts.alsoRebuild?.();
      const report = await rebuildJobs(deps, channels);
      await deps.redis.set(sentinel, String(deps.now().getTime()));
      deps.metrics?.jobsRebuilt({ ...report });
      const total = Object.values(report).reduce((a, b) => a + b, 0);
      if (total) deps.logger.warn({ reason, ...report }, 'jobs rebuilt from the database');
      else deps.logger.info({ reason }, 'jobs checked against the database: nothing missing');
      return report;
    } catch (err) {
      deps.logger.error({ err, reason }, 'could not rebuild jobs; will try again');
      return undefined;
    }
  };
  const rebuild = (reason: string): Promise<RebuildReport | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    if (running) {
      again = true;
      return running;
    }
    running = runOnce(reason).finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void rebuild(`${reason} (again)`);
      }
    });
    return running;
  };

  let connectedOnce = deps.redis.status === 'ready';
  const onReady = () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    void rebuild('redis reconnected');
  };
  deps.redis.on('ready', onReady);
  const timer = setInterval(() => {
    if (deps.redis.status !== 'ready' || running) return;
    deps.redis.exists(sentinel).then(
      (n) => {
        if (n === 0) {
          deps.logger.warn({ code: 'REDIS_DATA_LOST' }, 'redis lost its data (sentinel key missing)');
          void rebuild('redis data lost');
        }
      },
      (err: unknown) => deps.logger.warn({ err }, 'sentinel check failed'),
    );
  }, checkEveryMs);
  timer.unref();
  return {
    rebuild,
    stop() {
      stopped = true;
      clearInterval(timer);
      deps.redis.off('ready', onReady);
    },
  };
}
