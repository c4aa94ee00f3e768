import { errorCode } from '../../logger.js';
import { logWorkerErrors, queuePrefix } from '../../jobs/redis.js';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { Person } from '../../storage/people.js';
import type { Senders } from '../../bots/outbound.js';
import { translator } from '../../i18n/translator.js';
import { deliveryRouter, type DeliveryPayload } from '../../jobs/deliveries.js';

import { TipJob, TIPS_QUEUE } from './queue.js';
import { commandButton } from '../../core/buttonCodec.js';
import { dataKey } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';

export { TipJob, TIPS_QUEUE, TipJobs, tipSchedulerId, weeklyPattern } from './queue.js';

/** Each week: the subscriber's next tip, unless a heat alert is active in their quartier (no message fatigue). */
export function createTipWorker({
  ctx,
  senders,
  connection,
}: {
  ctx: Pick<AppContext, 'alerts' | 'config' | 'logger' | 'now' | 'people' | 'queues' | 'tips'>;
  senders: Senders;
  connection: ConnectionOptions;
}): Worker<TipJob> {
  const deliver = deliveryRouter(ctx.queues.deliveries, senders, ctx.logger);
  const worker = new Worker<TipJob>(
    TIPS_QUEUE,
    async (job) => {
      const { personId } = TipJob.parse(job.data);
      const [subscription, person] = await Promise.all([ctx.tips.get(personId), ctx.people.byId(personId)]);
      if (!subscription || !person) {
        await ctx.queues.tips.unschedule(personId); // left meanwhile
        return 'no subscription';
      }
      const active = (await ctx.alerts.activeFor([subscription.quartier])).filter((a) => a.startsAt <= ctx.now());
      if (active.length) return 'paused: heat alert';
      const tip = await ctx.tips.next(personId, subscription.sector, subscription.size);
      await deliver([
        {
          key: `tip-${personId}-${tip.id}-${job.id ?? ctx.now().getTime()}`.replace(/[^A-Za-z0-9_-]/g, '_'),
          kind: 'tip',
          ref: tip.id,
          personId,
          channel: person.channel,
        },
      ]);
      return `sent ${tip.id}`;
    },
    { connection, prefix: queuePrefix(ctx.config.redis.prefix, TIPS_QUEUE), concurrency: 4 },
  );
  worker.on('failed', (job, err) => ctx.logger.error({ code: errorCode(err), job: job?.id }, 'tip job failed'));
  logWorkerErrors(worker, ctx.logger, 'tips');
  return worker;
}

export function composeTipDelivery(payload: DeliveryPayload, person: Person): Reply {
  const t = translator(person.language);
  return {
    text: t('tipsDesk.weekly', { tip: t(dataKey(`tips.items.${payload.ref}`)) }),
    options: [{ value: commandButton.encode({ command: 'stop' }), label: t('tipsDesk.unsubscribe') }],
  };
}

/** The weekly tip. */
export const tipTexts: DeliveryTexts = {
  kinds: ['tip'],
  create: () => (payload, person) => Promise.resolve(composeTipDelivery(payload, person)),
};
