import type { AppContext } from '../context.js';
import type { EcoManagerConfig } from '../../config.js';
import type { Level } from './heatAlerts.js';

type ApprovalDeps = Pick<AppContext, 'config' | 'people'>;

/** The eco-managers of any of these quartiers other than the author (whichever app they use it from). */
export async function approversOf(
  deps: ApprovalDeps,
  quartiers: string[],
  authorId: string,
): Promise<EcoManagerConfig[]> {
  const approvers: EcoManagerConfig[] = [];
  for (const m of deps.config.ecoManagers) {
    if (!m.quartiers.some((q) => quartiers.includes(q))) continue;
    const person = await deps.people.find(m.channel, m.userId);
    if (person && (person.id === authorId || person.linkedTo === authorId)) continue;
    approvers.push(m);
  }
  return approvers;
}

/**
 * ALERT_APPROVAL=second: an alert waits for another eco-manager of its quartiers — except a red one
 * (urgence) or when nobody else manages them, which go at once (the flow audits why).
 */
export function approvalPolicy(deps: ApprovalDeps) {
  return async (quartiers: string[], level: Level, authorId: string) => {
    if (deps.config.alerts.approval !== 'second') return { needed: false, approvers: 0 };
    const approvers = (await approversOf(deps, quartiers, authorId)).length;
    if (level === 'red') return { needed: false, approvers, fastPath: 'red' as const };
    if (!approvers) return { needed: false, approvers, fastPath: 'alone' as const };
    return { needed: true, approvers };
  };
}

type DeliveryDeps = Pick<AppContext, 'config' | 'people' | 'alerts' | 'queues'>;

/** The approval job: each other eco-manager of the alert's quartiers gets the preview with Approve / Refuse. */
export async function requestApprovals(deps: DeliveryDeps, alertId: string): Promise<number> {
  const alert = await deps.alerts.get(alertId);
  if (alert?.status !== 'pending') return 0;
  const requests = [];
  for (const m of await approversOf(deps, alert.quartiers, alert.createdBy)) {
    const person = await deps.people.findOrCreate(m.channel, m.userId, m.userId, deps.config.defaultLanguage);
    const key = `approval-${alert.id}-${person.id}`;
    requests.push({ key, kind: 'approval-request' as const, ref: alert.id, personId: person.id, channel: m.channel });
  }
  await deps.queues.deliveries.enqueue(requests);
  return requests.length;
}

/** The decided job: the author learns the alert was approved (it is going out) or refused, and why. */
export async function tellAuthor(deps: DeliveryDeps, alertId: string): Promise<void> {
  const alert = await deps.alerts.get(alertId);
  const author = alert && (await deps.people.byId(alert.createdBy));
  if (!alert || !author) return;
  await deps.queues.deliveries.enqueue([
    {
      key: `decided-${alert.id}`,
      kind: 'approval-result',
      ref: alert.id,
      personId: author.id,
      channel: author.channel,
    },
  ]);
}
