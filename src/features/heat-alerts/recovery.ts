import type { AppContext } from '../context.js';

const DAY_MS = 24 * 3600 * 1000;

type AlertRecoveryDeps = Pick<AppContext, 'alerts' | 'config' | 'db' | 'now' | 'queues'>;

/**
 * Heat-alerts' part of the rebuild after Redis lost jobs (src/jobs/recovery.ts): the Météo-France watch's
 * schedulers, then every alert job the database says is still due — check-in schedulers, fan-outs, approval
 * requests and results, closing messages, and check-in deadlines at their original due time.
 */
export async function recoverAlertJobs(deps: AlertRecoveryDeps) {
  const counts = { checkinSchedulers: 0, fanouts: 0, approvals: 0, endings: 0, deadlines: 0 };
  const now = deps.now();
  const alertsQueue = deps.queues.alerts.queue;
  // The watch's schedulers are put back with the rest (an upsert: a second process keeps one schedule).
  if (deps.config.vigilance) await deps.queues.alerts.scheduleVigilance(deps.config.vigilance.times);

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
    counts.checkinSchedulers += await deps.queues.alerts.scheduleCheckins(alert);
    const fannedOut = await deps.db
      .selectFrom('deliveries')
      .select('key')
      .where('alert_id', '=', id)
      .where('kind', '=', 'alert')
      .limit(1)
      .executeTakeFirst();
    if (!fannedOut && !(await alertsQueue.getJob(`fanout-${id}`))) {
      await deps.queues.alerts.fanout(id);
      counts.fanouts++;
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
      counts.approvals++;
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
      counts.approvals++;
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
      counts.endings++;
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
    counts.deadlines++;
  }
  return counts;
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
