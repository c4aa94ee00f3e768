import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowDefinition, FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import type { HeatAlert } from './heatAlerts.js';
import type { AlertJobs } from './queue.js';
import { launchAlert } from './launch.js';

type DeskDeps = Pick<AppContext, 'alerts' | 'queues' | 'flows' | 'audit'>;

/** Only another eco-manager of one of the alert's quartiers may decide, and only while it waits. */
async function decidable(
  deps: Pick<DeskDeps, 'alerts' | 'audit'>,
  person: { id: string },
  env: FlowEnv,
  alertId: string,
): Promise<HeatAlert | Reply[]> {
  // A resident is told the button is not theirs, before anything about the alert is read.
  if (!env.managedQuartiers.length) {
    await deps.audit.record(person.id, 'alert.denied', { alert: alertId, action: 'approval' });
    return [{ text: env.t('alertDesk.notAllowed') }];
  }
  const alert = await deps.alerts.get(alertId);
  if (!alert || alert.status !== 'pending') return [{ text: env.t('approval.alreadyDecided') }];
  const own = alert.createdBy === person.id;
  if (own || !alert.quartiers.some((q) => env.managedQuartiers.includes(q))) {
    await deps.audit.record(person.id, 'alert.denied', { alert: alert.id, action: 'approval' });
    return [{ text: env.t(own ? 'approval.ownAlert' : 'approval.otherQuartier') }];
  }
  return alert;
}

/** *Approuver et envoyer*: the alert goes out as if its author had sent it; the author is told. */
export async function approveAlert(deps: DeskDeps, person: Person, env: FlowEnv, alertId: string): Promise<Reply[]> {
  const alert = await decidable(deps, person, env, alertId);
  if (Array.isArray(alert)) return alert;
  if (!(await deps.alerts.decide(alert.id, person.id, 'approve'))) return [{ text: env.t('approval.alreadyDecided') }];
  await launchAlert({ alerts: deps.alerts, alertJobs: deps.queues.alerts }, alert, person.id);
  await deps.queues.alerts.decided(alert.id);
  return [{ text: env.t('approval.approved') }];
}

/** *Refuser*: a one-question flow asks why; the author gets the reason. */
export async function refuseAlert(deps: DeskDeps, person: Person, env: FlowEnv, alertId: string): Promise<Reply[]> {
  const alert = await decidable(deps, person, env, alertId);
  if (Array.isArray(alert)) return alert;
  return deps.flows.startInstead('alert-refusal', env, { preset: { alertId: alert.id } });
}

/** The refusal's one question (why); the author is told through the decided job. */
export const alertRefusalFlow = (
  deps: Pick<DeskDeps, 'alerts' | 'audit'> & { alertJobs: Pick<AlertJobs, 'decided'> },
): FlowDefinition => ({
  id: 'alert-refusal',
  steps: [
    {
      id: 'reason',
      prompt: 'approval.askReason',
      input: { kind: 'text' },
      schema: z.string().trim().min(3).max(500),
      errorKey: 'approval.askReason',
    },
  ],
  async complete(a, env) {
    const alert = await decidable(deps, { id: env.personId }, env, String(a.alertId));
    if (Array.isArray(alert)) return alert;
    if (!(await deps.alerts.decide(alert.id, env.personId, 'refuse', String(a.reason))))
      return [{ text: env.t('approval.alreadyDecided') }];
    await deps.alertJobs.decided(alert.id);
    return [{ text: env.t('approval.refused') }];
  },
});
