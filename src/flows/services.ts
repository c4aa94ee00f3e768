import type { SupportNetwork } from '../domain/supportNetwork.js';
import type { HeatAlerts } from '../domain/heatAlerts.js';
import type { AlertJobs } from '../jobs/heatAlertJobs.js';

/** The domain services flows may call when they complete. */
export interface FlowServices {
  network: SupportNetwork;
  alerts: HeatAlerts;
  alertJobs: AlertJobs;
  checkinTimes: string[];
}
