import { z } from 'zod';
import { BUSINESS_SECTORS, BUSINESS_SIZES, type SobrietyTips, TipSubscription } from './sobrietyTips.js';
import type { TipJobs } from './queue.js';
import { choices, oneOf } from '../../flows/answers.js';
import type { FlowDefinition } from '../../flows/types.js';
import { dataKey } from '../../i18n/translator.js';

const WEEKDAYS = ['1', '2', '3', '4', '5'];

/** /conseils — a business subscribes to one energy-sobriety tip a week. */
export const tipsSubscribeFlow = (deps: {
  tips: Pick<SobrietyTips, 'subscribe'>;
  tipJobs: Pick<TipJobs, 'schedule'>;
}): FlowDefinition => ({
  id: 'tips-subscribe',
  steps: [
    {
      id: 'quartier',
      prompt: 'tipsFlow.ask.quartier',
      input: {
        kind: 'choice',
        options: (_a, env) => env.quartiers.map((q) => ({ value: q.id, label: q.name, literal: true })),
      },
      schema: z.string().min(1),
      errorKey: 'network.error.choice',
    },
    {
      id: 'sector',
      prompt: 'tipsFlow.ask.sector',
      input: { kind: 'choice', options: choices(BUSINESS_SECTORS, 'tipsFlow.sector') },
      schema: oneOf(BUSINESS_SECTORS),
      errorKey: 'network.error.choice',
    },
    {
      id: 'size',
      prompt: 'tipsFlow.ask.size',
      input: { kind: 'choice', options: choices(BUSINESS_SIZES, 'tipsFlow.size') },
      schema: oneOf(BUSINESS_SIZES),
      errorKey: 'network.error.choice',
    },
    {
      id: 'weekday',
      prompt: 'tipsFlow.ask.weekday',
      input: { kind: 'choice', options: choices(WEEKDAYS, 'tipsFlow.weekday') },
      schema: oneOf(WEEKDAYS),
      errorKey: 'network.error.choice',
    },
    {
      id: 'time',
      prompt: 'tipsFlow.ask.time',
      input: {
        kind: 'text',
        suggestions: () => ['08:30', '10:00', '14:00'].map((t) => ({ value: t, label: t, literal: true })),
      },
      schema: z
        .string()
        .trim()
        .transform((s) =>
          s
            .replace(/^(\d)([:h])/, '0$1$2')
            .replace('h', ':')
            .replace(/:$/, ':00'),
        )
        .pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)),
      errorKey: 'tipsFlow.error.time',
    },
  ],
  async complete(a, env) {
    // The answers come back from the database: read through the subscription's own schema, not casts.
    const subscription = TipSubscription.parse({ ...a, weekday: Number(a.weekday) });
    await deps.tips.subscribe(env.personId, subscription);
    await deps.tipJobs.schedule(env.personId, subscription);
    return [
      {
        text: env.t('tipsFlow.subscribed', {
          weekday: env.t(dataKey(`tipsFlow.weekday.${subscription.weekday}`)),
          time: subscription.time,
        }),
      },
    ];
  },
});
