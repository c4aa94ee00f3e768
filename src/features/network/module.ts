import type { FeatureModule } from '../feature.js';
import { network } from './commands.js';
import { leaveNetworkFlow, networkSignupFlow } from './signupFlow.js';
import { exportPage, quartierPage } from './console.js';
import { coverageTexts } from './coverage.js';
import { networkJobParts } from './jobParts.js';

/** The heat-wave support network: its commands and buttons, and its flows (join or change, leave). */
export const networkModule: FeatureModule = {
  id: 'network',
  create: network,
  flows: (ctx) => [
    networkSignupFlow({ network: ctx.network, registry: ctx.registry, audit: ctx.audit }),
    leaveNetworkFlow({ network: ctx.network, tipJobs: ctx.queues.tips }),
  ],
  deliveryTexts: [coverageTexts],
  consolePages: [quartierPage, (ctx) => (ctx.config.registryExport ? exportPage(ctx) : undefined)],
  jobs: networkJobParts,
};
