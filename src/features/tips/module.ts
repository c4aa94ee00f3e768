import type { FeatureModule } from '../feature.js';
import { tips } from './commands.js';
import { tipsSubscribeFlow } from './subscribeFlow.js';
import { createTipWorker, tipTexts } from './worker.js';
import { tipJobParts } from './jobParts.js';

/** Weekly energy-sobriety tips for businesses: /conseils and its subscription flow. */
export const tipsModule: FeatureModule = {
  id: 'tips',
  create: tips,
  flows: (ctx) => [tipsSubscribeFlow({ tips: ctx.tips, tipJobs: ctx.queues.tips })],
  deliveryTexts: [tipTexts],
  workers: [createTipWorker],
  jobs: tipJobParts,
};
