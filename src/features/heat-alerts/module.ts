import type { FeatureModule } from '../feature.js';
import { heatAlerts } from './commands.js';
import { heatAlertFlow } from './alertFlow.js';
import { alertRefusalFlow } from './approvalDesk.js';
import { visitNoteFlow } from './visitDesk.js';
import { approvalPolicy } from './approval.js';
import { heatAlertTexts } from './texts.js';
import { vigilanceTexts } from './vigilanceTexts.js';
import { approvalTexts } from './approvalTexts.js';
import { visitTexts } from './visitDesk.js';
import { createAlertWorker } from './worker.js';
import { alertsPage } from './console.js';
import { heatAlertJobParts } from './jobParts.js';

/** Extreme-heat alerts: the eco-managers' commands and the check-in buttons, and its flows. */
export const heatAlertsModule: FeatureModule = {
  id: 'heatAlerts',
  create: heatAlerts,
  flows: (ctx) => {
    const alertJobs = ctx.queues.alerts;
    return [
      heatAlertFlow({
        alerts: ctx.alerts,
        alertJobs,
        audit: ctx.audit,
        checkinTimes: ctx.config.alerts.checkinTimes,
        approval: approvalPolicy(ctx),
      }),
      alertRefusalFlow({ alerts: ctx.alerts, alertJobs, audit: ctx.audit }),
      // "Besoin d'aide" with the volunteer's few words: the visit is checked and recorded as a button's would be.
      visitNoteFlow(ctx),
    ];
  },
  deliveryTexts: [heatAlertTexts, vigilanceTexts, approvalTexts, visitTexts],
  workers: [createAlertWorker],
  consolePages: [alertsPage],
  jobs: heatAlertJobParts,
};
