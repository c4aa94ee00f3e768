import type { AppContext } from '../context.js';
import type { FeatureJobParts } from '../../jobs/featureParts.js';
import { tipSchedulerId } from './queue.js';

/** Weekly tips' part of the jobs layer: its queue, and one scheduler per subscriber put back after a Redis loss. */
export function tipJobParts(ctx: Pick<AppContext, 'db' | 'queues'>): FeatureJobParts {
  return {
    queues: [ctx.queues.tips.queue],
    async recover() {
      const counts = { tipSchedulers: 0 };
      const subscriptions = await ctx.db.selectFrom('tip_subscriptions').selectAll().execute();
      for (const s of subscriptions) {
        if (await ctx.queues.tips.queue.getJobScheduler(tipSchedulerId(s.person_id))) continue;
        await ctx.queues.tips.schedule(s.person_id, { weekday: Number(s.weekday), time: s.time });
        counts.tipSchedulers++;
      }
      return counts;
    },
  };
}
