import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowEnv } from '../../flows/types.js';
import { DateTime } from 'luxon';
import { formatParis, PARIS_ZONE } from '../../domain/parisTime.js';
import { describeVisit } from './visitDesk.js';
import { personLabel } from '../../domain/address.js';

/**
 * When the first "Tout va bien ?" of an alert goes out: the earliest check-in time (Paris) at or after the
 * alert's start and now, if it falls before the alert's end.
 */
export function firstCheckinAt(pattern: string, startsAt: Date, endsAt: Date, now: Date): Date | undefined {
  const from = DateTime.fromJSDate(startsAt > now ? startsAt : now, { zone: PARIS_ZONE });
  let first: DateTime | undefined;
  for (const time of pattern.split(',')) {
    const [h, m] = time.split(':').map(Number);
    let at = from.set({ hour: h, minute: m, second: 0, millisecond: 0 });
    if (at < from) at = at.plus({ days: 1 });
    if (!first || at < first) first = at;
  }
  return first && first.toJSDate() < endsAt ? first.toJSDate() : undefined;
}

/**
 * /suivi: who answered what during the active alerts, and who needs attention — asked for help, silent after
 * the reminder, or found in trouble at a visit — each with the last contact (who, when, what they found).
 */
export async function followUp(
  ctx: Pick<AppContext, 'alerts' | 'checkins' | 'network' | 'now' | 'visits'>,
  env: FlowEnv,
): Promise<Reply[]> {
  const active = await ctx.alerts.activeFor(env.managedQuartiers);
  if (!active.length) return [{ text: env.t('alertDesk.noActive') }];
  const replies: Reply[] = [];
  for (const a of active) {
    const checkins = await ctx.checkins.forAlert(a.id);
    const count = (f: (c: (typeof checkins)[number]) => boolean) => checkins.filter(f).length;
    const visits = await ctx.visits.latestFor(checkins.map((c) => c.personId));
    const attention = [];
    for (const c of checkins) {
      const visit = visits.get(c.personId);
      const troubleAtVisit = visit && visit.alertId === a.id && visit.outcome !== 'ok';
      if (c.answer !== 'help' && !(!c.answer && c.escalatedAt) && !troubleAtVisit) continue;
      const state =
        c.answer === 'help' ? 'alertDesk.askedHelp' : c.answer === 'ok' ? 'alertDesk.seen' : 'alertDesk.noAnswer';
      let line = env.t('alertDesk.attention', {
        address: personLabel(c),
        state: env.t(state),
        taken: env.t(c.takenBy ? 'alertDesk.taken' : 'alertDesk.notTaken'),
      });
      if (visit) {
        const volunteer = visit.volunteerId ? await ctx.network.get(visit.volunteerId) : undefined;
        const who = volunteer ? personLabel(volunteer) : env.t('visit.byFormer');
        line += `\n   ${describeVisit(visit, env.t, env.lang, who)}`;
      }
      attention.push(line);
    }
    replies.push({
      text:
        env.t('alertDesk.followUp', {
          level: env.t(`alert.level.${a.level}`),
          asked: checkins.length,
          ok: count((c) => c.answer === 'ok'),
          help: count((c) => c.answer === 'help'),
          silent: count((c) => !c.answer),
          escalated: count((c) => !!c.escalatedAt),
        }) +
        (checkins.length ? '' : `\n\n${firstCheckinLine(a, ctx.now(), env)}`) +
        (attention.length ? `\n\n${attention.join('\n')}` : ''),
    });
  }
  return replies;
}

/** With nothing sent yet, the zeros say when the first "Tout va bien ?" goes out. */
function firstCheckinLine(
  a: { checkinPattern: string; startsAt: Date; endsAt: Date },
  now: Date,
  env: FlowEnv,
): string {
  const at = firstCheckinAt(a.checkinPattern, a.startsAt, a.endsAt, now);
  return at ? env.t('alertDesk.firstCheckin', { when: formatParis(at, env.lang) }) : env.t('alertDesk.noCheckin');
}
