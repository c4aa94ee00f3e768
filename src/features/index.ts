import type { ConnectionOptions } from 'bullmq';
import type { Senders } from '../bots/outbound.js';
import type { AppContext } from '../context.js';
import { createAlertWorker } from './heat-alerts/worker.js';
import { createMeetingWorker } from './meetings/worker.js';
import { createTipWorker } from './tips/worker.js';
import type { ConsolePageFactory, DeliveryTexts, FeatureFactory } from './feature.js';
import { heatAlertTexts } from './heat-alerts/texts.js';
import { meetingTexts } from './meetings/texts.js';
import { tipTexts } from './tips/worker.js';
import { identityLinkTexts } from './identity-links/texts.js';
import { basics } from './basics.js';
import { network } from './network/commands.js';
import { heatAlerts } from './heat-alerts/commands.js';
import { meetings } from './meetings/commands.js';
import { tips } from './tips/commands.js';
import { faq } from './faq/commands.js';
import { identityLinks } from './identity-links/commands.js';
import { posters } from './posters/commands.js';
import { vigilanceTexts } from './heat-alerts/vigilanceTexts.js';
import { approvalTexts } from './heat-alerts/approvalTexts.js';
import { visitTexts } from './heat-alerts/visitDesk.js';
import { faqTexts } from './faq/questionDesk.js';
import { consoleAccess } from './console-access/commands.js';
import { exportPage, quartierPage } from './network/console.js';
import { questionsPage } from './faq/console.js';
import { alertsPage } from './heat-alerts/console.js';
import { meetingsPage } from './meetings/console.js';
import { journalPage } from '../console/journal.js';
import { coverageTexts } from './network/coverage.js';

/**
 * Every feature of Relais. The router, the forms (Slack modals), the command words and Telegram's command
 * menu come from this list.
 */
export const FEATURES: FeatureFactory[] = [
  basics,
  network,
  heatAlerts,
  meetings,
  tips,
  faq,
  identityLinks,
  posters,
  consoleAccess,
];

/** Every feature's pages in the eco-managers' web console (src/console/), in no particular order. */
export const CONSOLE_PAGES: ConsolePageFactory[] = [
  quartierPage,
  questionsPage,
  alertsPage,
  meetingsPage,
  journalPage,
  (ctx) => (ctx.config.registryExport ? exportPage(ctx) : undefined),
];

/** Every feature's proactive messages, by delivery kind (the delivery worker renders through these). */
export const DELIVERY_TEXTS: DeliveryTexts[] = [
  heatAlertTexts,
  vigilanceTexts,
  approvalTexts,
  visitTexts,
  faqTexts,
  meetingTexts,
  tipTexts,
  identityLinkTexts,
  coverageTexts,
];

/** What a feature's queue worker needs to start. */
export interface FeatureWorkerDeps {
  ctx: AppContext;
  senders: Senders;
  connection: ConnectionOptions;
}

/** The BullMQ workers of the features that schedule work (started by the worker role, src/jobs/workers.ts). */
export const FEATURE_WORKERS: ((deps: FeatureWorkerDeps) => { close: () => Promise<void> })[] = [
  createAlertWorker,
  createMeetingWorker,
  createTipWorker,
];
