import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../../jobs/featureParts.js';
import { recoverAlertJobs } from './recovery.js';
import { onDeliverySettled } from './worker.js';

/**
 * Heat-alerts' part of the jobs layer: its queue, its jobs rebuilt after a Redis loss, its visit logs forgotten
 * 30 days after their alert ended (a follow-up, a question), and the live report refreshed as messages settle.
 */
export function heatAlertJobParts(
  ctx: Pick<AppContext, 'alerts' | 'config' | 'db' | 'logger' | 'now' | 'queues' | 'visits'>,
): FeatureJobParts {
  return {
    queues: [ctx.queues.alerts.queue],
    recover: () => recoverAlertJobs(ctx),
    purge: async () => ({ visits: await ctx.visits.purge() }),
    settled: onDeliverySettled(ctx),
  };
}
