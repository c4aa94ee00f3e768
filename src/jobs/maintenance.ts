import { logWorkerErrors, openQueue, queuePrefix } from './redis.js';
import { type Queue, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { FlowStateStore } from '../storage/flowStates.js';
import { UpdateInbox } from '../storage/updateInbox.js';
import { holdsSomething } from '../storage/people.js';
import { VisitLog } from '../features/heat-alerts/visitLog.js';
import { QuestionInbox } from '../features/faq/questionInbox.js';

export const MAINTENANCE_QUEUE = 'maintenance';
const REGISTRATIONS_KEPT_MS = 30 * 24 * 3600 * 1000;

export const PurgePayload = z.object({ kind: z.literal('purge-stale') });
export type PurgePayload = z.infer<typeof PurgePayload>;

/**
 * Forgets what nobody needs any more: flows untouched for FLOW_TTL_DAYS, meeting places a month after the
 * meeting, visit logs a month after their alert, FAQ questions (QuestionInbox.purge), and people who hold
 * nothing (they only sent a message or two). Hourly, from a job scheduler.
 */
export async function purgeStale(
  ctx: Pick<AppContext, 'db' | 'now' | 'config' | 'logger'>,
): Promise<Record<'flows' | 'people' | 'registrations' | 'updates' | 'visits' | 'questions', number>> {
  const before = new Date(ctx.now().getTime() - ctx.config.flowTtlMs).toISOString();
  const flows = await new FlowStateStore(ctx.db).deleteStale(new Date(before));
  // Who came to a meeting matters for its follow-up, not for ever: places are forgotten a month after it ended.
  const monthAgo = new Date(ctx.now().getTime() - REGISTRATIONS_KEPT_MS).toISOString();
  const registrations = await ctx.db
    .deleteFrom('event_registrations')
    .where('event_id', 'in', (eb) => eb.selectFrom('events').select('id').where('ends_at', '<', monthAgo))
    .executeTakeFirst();
  const people = await ctx.db
    .deleteFrom('people')
    .where('created_at', '<', before)
    .where((eb) => eb.not(holdsSomething(eb)))
    .executeTakeFirst();
  // Claims of platform updates only matter while a platform may re-send them.
  const updates = await new UpdateInbox(ctx.db, ctx.now).purge(new Date(ctx.now().getTime() - 24 * 3600 * 1000));
  // The visit log of an alert is kept 30 days after it ended (a follow-up, a question), then forgotten.
  const visits = await new VisitLog(ctx.db, ctx.now).purge();
  // FAQ questions: the bot's answers after a week, handled questions after a month, unhandled ones after three.
  const questions = await new QuestionInbox(ctx.db, ctx.now).purge();
  const result = {
    visits,
    questions,
    flows,
    people: Number(people.numDeletedRows),
    registrations: Number(registrations.numDeletedRows),
    updates,
  };
  if (Object.values(result).some(Boolean)) ctx.logger.info(result, 'purged stale data');
  return result;
}

export function maintenanceQueue(connection: ConnectionOptions, prefix: string): Queue<PurgePayload> {
  return openQueue<PurgePayload>(MAINTENANCE_QUEUE, { connection, prefix });
}

/** Producer: one scheduler, keyed so that every process calling this keeps a single schedule. */
export async function scheduleMaintenance(queue: Queue<PurgePayload>): Promise<void> {
  await queue.upsertJobScheduler(
    'purge-stale',
    { every: 60 * 60 * 1000 },
    { name: 'purge-stale', data: { kind: 'purge-stale' } },
  );
}

/** Processor. */
export function maintenanceWorker(
  ctx: Pick<AppContext, 'config' | 'db' | 'logger' | 'now'>,
  connection: ConnectionOptions,
): Worker<PurgePayload> {
  const worker = new Worker<PurgePayload>(
    MAINTENANCE_QUEUE,
    async (job) => {
      PurgePayload.parse(job.data);
      return purgeStale(ctx);
    },
    { connection, prefix: queuePrefix(ctx.config.redis.prefix, MAINTENANCE_QUEUE), concurrency: 1 },
  );
  worker.on('failed', (job, err) =>
    ctx.logger.error({ err, jobId: job?.id, queue: MAINTENANCE_QUEUE }, 'maintenance job failed'),
  );
  logWorkerErrors(worker, ctx.logger, MAINTENANCE_QUEUE);
  return worker;
}
