import { logWorkerErrors, openQueue, queuePrefix } from './redis.js';
import { type Queue, Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { CoreContext } from '../context.js';
import { FlowStateStore } from '../storage/flowStates.js';
import { UpdateInbox } from '../storage/updateInbox.js';
import { holdsSomething } from '../storage/people.js';
import { countAll } from './featureParts.js';

export const MAINTENANCE_QUEUE = 'maintenance';

export const PurgePayload = z.object({ kind: z.literal('purge-stale') });
export type PurgePayload = z.infer<typeof PurgePayload>;

type MaintenanceDeps = Pick<CoreContext, 'db' | 'now' | 'config' | 'logger' | 'featureJobParts'>;

/**
 * Forgets what nobody needs any more: flows untouched for FLOW_TTL_DAYS, what each feature no longer keeps
 * (`FeatureJobParts.purgeHolds` and `purge`: meeting places a month after the meeting, visit logs a month after
 * their alert, FAQ questions…), and people who hold nothing (they only sent a message or two). Hourly, from a
 * job scheduler. Returns the rows forgotten, by kind.
 */
export async function purgeStale(ctx: MaintenanceDeps): Promise<Record<string, number>> {
  const parts = ctx.featureJobParts;
  const before = new Date(ctx.now().getTime() - ctx.config.flowTtlMs).toISOString();
  const flows = await new FlowStateStore(ctx.db).deleteStale(new Date(before));
  // What features hold on people goes first, so that those who then hold nothing go in this same run.
  const holds = await countAll(parts.map((p) => p.purgeHolds));
  const people = await ctx.db
    .deleteFrom('people')
    .where('created_at', '<', before)
    .where((eb) => eb.not(holdsSomething(eb)))
    .executeTakeFirst();
  // Claims of platform updates only matter while a platform may re-send them.
  const updates = await new UpdateInbox(ctx.db, ctx.now).purge(new Date(ctx.now().getTime() - 24 * 3600 * 1000));
  const features = await countAll(parts.map((p) => p.purge));
  const result = { ...features, flows, people: Number(people.numDeletedRows), ...holds, updates };
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
export function maintenanceWorker(ctx: MaintenanceDeps, connection: ConnectionOptions): Worker<PurgePayload> {
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
