import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Reply, ReplyOption } from '../../core/messages.js';
import type { FlowDefinition, FlowEnv } from '../../flows/types.js';
import { type Translate, translator } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';
import { personLabel } from '../../domain/address.js';
import { formatFrenchPhone } from '../../domain/phone.js';
import type { Person } from '../../storage/people.js';
import { formatParis } from '../../domain/parisTime.js';
import { heatAlertButtons } from './buttons.js';
import { managersAsPeople } from '../../domain/managers.js';
import type { Checkin } from './checkins.js';
import { VISIT_OUTCOMES, type Visit, type VisitOutcome } from './visitLog.js';

export type VisitDeps = Pick<
  AppContext,
  | 'alerts'
  | 'audit'
  | 'checkins'
  | 'config'
  | 'ecoManagers'
  | 'flows'
  | 'matching'
  | 'network'
  | 'people'
  | 'queues'
  | 'visits'
>;

/** The outcome buttons of a visit, offered to the volunteer who goes. */
export function visitOptions(t: Translate, checkinId: string): ReplyOption[] {
  return VISIT_OUTCOMES.map((outcome) => ({
    value: heatAlertButtons.visit.encode({ checkinId, outcome }),
    label: t(`visit.outcome.${outcome}`),
  }));
}

/** "Dernier passage : mardi 14 juillet 15:10, par vous — Vu·e, tout va bien" ("who" depends on who reads). */
export function describeVisit(visit: Visit, t: Translate, lang: string, who: string): string {
  return t('visit.last', {
    when: formatParis(new Date(visit.recordedAt), lang),
    who,
    outcome: t(`visit.outcome.${visit.outcome}`),
    note: visit.note ? ` (${visit.note})` : '',
  });
}

/** The latest visit as the person's volunteer reads it, or '' when nobody went yet. */
export async function lastVisitLine(
  deps: Pick<AppContext, 'visits'>,
  personId: string,
  reader: string,
  t: Translate,
  lang: string,
): Promise<string> {
  const last = (await deps.visits.latestFor([personId])).get(personId);
  if (!last) return '';
  return describeVisit(last, t, lang, t(last.volunteerId === reader ? 'visit.byYou' : 'visit.byOther'));
}

/** Only a volunteer paired with the person may record a visit, and only while the alert runs. */
async function visitable(deps: Omit<VisitDeps, 'flows'>, personId: string, env: FlowEnv, checkinId: string) {
  const c = await deps.checkins.get(checkinId);
  if (!c || !(await deps.matching.isMatched(c.personId, personId))) {
    await deps.audit.record(personId, 'visit.denied', { checkin: checkinId });
    return [{ text: env.t('menu.notUnderstood') }];
  }
  const alert = await deps.alerts.get(c.alertId);
  if (alert?.status !== 'active') return [{ text: env.t('visit.alertOver') }];
  return c;
}

/** A visit outcome button. "Besoin d'aide" asks for a few words first (the visit-note flow). */
export async function recordVisit(
  deps: VisitDeps,
  person: Person,
  env: FlowEnv,
  checkinId: string,
  outcome: VisitOutcome,
): Promise<Reply[]> {
  const c = await visitable(deps, person.id, env, checkinId);
  if (Array.isArray(c)) return c;
  if (outcome === 'help') return deps.flows.startInstead('visit-note', env, { preset: { checkinId } });
  return saveVisit(deps, person.id, env, c, outcome);
}

/** The visit-note flow's end: the volunteer's few words go with "Besoin d'aide". */
export async function recordVisitNote(
  deps: Omit<VisitDeps, 'flows'>,
  personId: string,
  env: FlowEnv,
  checkinId: string,
  note: string,
): Promise<Reply[]> {
  const c = await visitable(deps, personId, env, checkinId);
  if (Array.isArray(c)) return c;
  return saveVisit(deps, personId, env, c, 'help', note);
}

async function saveVisit(
  deps: Omit<VisitDeps, 'flows'>,
  volunteerId: string,
  env: FlowEnv,
  c: Checkin,
  outcome: VisitOutcome,
  note?: string,
): Promise<Reply[]> {
  const visit = await deps.visits.record({
    alertId: c.alertId,
    checkinId: c.id,
    personId: c.personId,
    volunteerId,
    outcome,
    ...(note ? { note } : {}),
  });
  await deps.audit.record(volunteerId, 'visit.record', { checkin: c.id, visit: visit.id, outcome });
  // Seen and fine: the check-in is answered (no reminder, no escalation). Anything else: the eco-managers of
  // the quartier are told at once (a delivery row first: a lost Redis does not lose it).
  if (outcome === 'ok') await deps.checkins.markSeen(c.id);
  else await reportToManagers(deps, visit);
  return [{ text: env.t(`visit.recorded.${outcome}`) }];
}

async function reportToManagers(deps: Omit<VisitDeps, 'flows'>, visit: Visit): Promise<void> {
  const member = await deps.network.get(visit.personId);
  const requests = (await managersAsPeople(deps, deps.ecoManagers.for(member?.quartier ?? ''))).map((mp) => ({
    key: `visit-${visit.id}-${mp.id}`,
    kind: 'visit-report' as const,
    ref: visit.id,
    personId: mp.id,
    channel: mp.channel,
    alertId: visit.alertId,
  }));
  await deps.queues.deliveries.enqueue(requests);
}

/** "Besoin d'aide (précisez)": one question, the few words the eco-manager will read. */
export const visitNoteFlow = (deps: Omit<VisitDeps, 'flows'>): FlowDefinition => ({
  id: 'visit-note',
  steps: [
    {
      id: 'note',
      prompt: 'visit.askNote',
      input: { kind: 'text' },
      schema: z.string().trim().min(2).max(300),
      errorKey: 'visit.askNote',
    },
  ],
  complete: (a, env) => recordVisitNote(deps, env.personId, env, String(a.checkinId), String(a.note)),
});

/** What the eco-managers read when a visit went wrong: who, where, what was found, the volunteer's words. */
export const visitTexts: DeliveryTexts = {
  kinds: ['visit-report'],
  create: (ctx) => async (payload, person) => {
    const visit = await ctx.visits.get(payload.ref);
    if (!visit) return undefined; // erased meanwhile (the person left)
    const t = translator(person.language);
    const member = await ctx.network.get(visit.personId);
    const volunteer = visit.volunteerId ? await ctx.network.get(visit.volunteerId) : undefined;
    return {
      text: t('visit.report', {
        address: personLabel(member),
        phone: member?.phone ? formatFrenchPhone(member.phone) : t('escalation.noPhone'),
        last: describeVisit(visit, t, person.language, volunteer ? personLabel(volunteer) : t('visit.byFormer')),
      }),
    };
  },
};
