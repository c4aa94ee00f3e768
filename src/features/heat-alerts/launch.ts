import { HeatAlerts, type HeatAlert } from './heatAlerts.js';
import type { AlertJobs } from './queue.js';

/**
 * Sends an alert that may go: an alert it covers (same quartiers, same people) is replaced — one alert, one
 * check-in per round; one it only partly overlaps goes on. Then the fan-out, and for a red draft the first
 * "Tout va bien ?" at once.
 */
export async function launchAlert(
  deps: { alerts: HeatAlerts; alertJobs: AlertJobs },
  alert: HeatAlert,
  by: string,
  opts: { checkinsNow?: boolean } = {},
): Promise<void> {
  for (const old of await deps.alerts.overlapping(alert.quartiers, alert.audience)) {
    if (old.id === alert.id || !HeatAlerts.covers(alert, old)) continue;
    await deps.alerts.replace(old.id, by, alert.id);
    await deps.alertJobs.unscheduleCheckins(old);
  }
  await deps.alertJobs.fanout(alert.id);
  if (opts.checkinsNow) await deps.alertJobs.checkinRound(alert.id);
}
