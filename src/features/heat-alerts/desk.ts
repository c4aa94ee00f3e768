import type { AppContext } from '../context.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import type { Reply } from '../../core/messages.js';
import { formatParis } from '../../domain/parisTime.js';
import { heatAlertButtons } from './buttons.js';
import type { Level } from './heatAlerts.js';
import { soleQuartier } from '../../domain/ecoManagers.js';
import { withExtras } from '../../domain/heatAlertExtras.js';
import { lastVisitLine, visitOptions } from './visitDesk.js';
import { managerPairs, membersOf, volunteerPairs } from './pairsView.js';
import { personLabel } from '../../domain/address.js';
import { refuseToResident } from '../../core/refusal.js';

/** Short enough for a button (Slack cuts labels at 75 characters). */
const LEVEL_MARKS = { yellow: '🟡', orange: '🟠', red: '🔴' } as const;

/** How much of a volunteer's id a button carries (with the supported person's whole id, under 64 bytes). */
const VOLUNTEER_REF_LENGTH = 12;

/**
 * The heat-alert side of the conversation: eco-managers' commands (only for their quartiers) and the
 * answers residents and volunteers give with buttons (check-ins, "I'll go").
 */
export class HeatAlertDesk {
  constructor(
    private readonly ctx: Pick<
      AppContext,
      | 'alerts'
      | 'audit'
      | 'checkins'
      | 'db'
      | 'flows'
      | 'logger'
      | 'matching'
      | 'network'
      | 'queues'
      | 'visits'
      | 'heatAlertExtras'
    >,
  ) {}

  /** Refuses, politely and on the record, what a resident may not do. */
  refuse(person: Person, env: FlowEnv, command: string): Promise<Reply[]> {
    return refuseToResident(this.ctx, person, env, command);
  }

  async compose(person: Person, env: FlowEnv): Promise<Reply[]> {
    if (!env.managedQuartiers.length) return this.refuse(person, env, 'alerte');
    const only = soleQuartier(env.managedQuartiers);
    return this.ctx.flows.start('heat-alert', env, only ? { preset: { quartiers: only } } : {});
  }

  /**
   * *Relire et envoyer* under a vigilance draft: the usual alert flow, opened at its preview with every
   * answer filled in (their quartiers, the whole network, the level's template, Météo-France's period; for
   * red, check-ins at once). Nothing leaves before they press *Envoyer*. Permissions are checked again here.
   */
  async reviewDraft(person: Person, env: FlowEnv, level: Level, beginMin: number, endMin: number) {
    if (!env.managedQuartiers.length) return this.refuse(person, env, 'alerte');
    const begin = new Date(beginMin * 60_000);
    const end = new Date(endMin * 60_000);
    return this.ctx.flows.startInstead('heat-alert', env, {
      preset: {
        quartiers: soleQuartier(env.managedQuartiers) ?? 'all',
        audience: 'all',
        level,
        textChoice: 'template',
        start: begin <= env.now() ? 'now' : begin.toISOString(),
        end: end.toISOString(),
        ...(level === 'red' ? { checkinsNow: 'yes' } : {}),
      },
    });
  }

  dismissDraft(person: Person, env: FlowEnv): Promise<Reply[]> {
    if (!env.managedQuartiers.length) return this.refuse(person, env, 'alerte');
    return Promise.resolve([{ text: env.t('vigilance.ignored') }]);
  }

  /** /alertes: past alerts of my quartiers with their figures. */
  async list(person: Person, env: FlowEnv): Promise<Reply[]> {
    if (!env.managedQuartiers.length) return this.refuse(person, env, 'alertes');
    const alerts = await this.ctx.alerts.list(env.managedQuartiers, 10);
    if (!alerts.length) return [{ text: env.t('alertDesk.none') }];
    const lines = [];
    for (const a of alerts) {
      const f = await this.ctx.alerts.figures(a.id);
      lines.push(
        env.t('alertDesk.line', {
          date: formatParis(new Date(a.createdAt), env.lang),
          level: env.t(`alert.level.${a.level}`),
          quartiers: a.quartiers.map((q) => env.quartiers.find((x) => x.id === q)?.name ?? q).join(', '),
          status: env.t(`alertDesk.status.${a.status}`),
          sent: f.sent,
          total: f.total,
          failed: f.failed,
          unreachable: f.unreachable,
        }),
      );
    }
    return [{ text: `${env.t('alertDesk.title')}\n\n${lines.join('\n')}` }];
  }

  /** /finalerte: ends an active alert (asks which when there are several). */
  async end(person: Person, env: FlowEnv, alertId?: string): Promise<Reply[]> {
    if (!env.managedQuartiers.length) return this.refuse(person, env, 'finalerte');
    const active = await this.ctx.alerts.activeFor(env.managedQuartiers);
    const target = alertId ? active.find((a) => a.id === alertId) : active.length === 1 ? active[0] : undefined;
    if (!active.length || (alertId && !target)) return [{ text: env.t('alertDesk.noActive') }];
    if (!target) {
      return [
        {
          text: env.t('alertDesk.whichToEnd'),
          // Labels tell alerts apart: level, quartiers, audience and dates.
          options: active.map((a) => ({
            value: heatAlertButtons.endAlert.encode({ alertId: a.id }),
            label: env.t('alertDesk.endChoice', {
              level: LEVEL_MARKS[a.level],
              quartiers: a.quartiers.map((q) => env.quartiers.find((x) => x.id === q)?.name ?? q).join(', '),
              audience: env.t(`alertFlow.audience.${a.audience}`),
              start: formatParis(a.startsAt, env.lang),
              end: formatParis(a.endsAt, env.lang),
            }),
          })),
        },
      ];
    }
    if (!target.quartiers.every((q) => env.managedQuartiers.includes(q))) return this.refuse(person, env, 'finalerte');
    // Ended in the database first: a lost job cannot leave it running (closing messages are rebuilt from it).
    await this.ctx.alerts.end(target.id, person.id);
    await this.ctx.queues.alerts.end(target.id, person.id);
    return [{ text: env.t('alertDesk.ended') }];
  }

  /** A "Tout va bien ?" button. */
  async checkinAnswer(person: Person, env: FlowEnv, checkinId: string, answer: string): Promise<Reply[]> {
    if (answer !== 'ok' && answer !== 'help') return [{ text: env.t('menu.notUnderstood') }];
    const result = await this.ctx.checkins.answer(checkinId, person.id, answer);
    if (result === 'not-yours') return [{ text: env.t('menu.notUnderstood') }];
    if (result === 'already') return [{ text: env.t('checkin.already') }];
    if (answer === 'ok') return [{ text: env.t('checkin.thanksOk') }];
    await this.ctx.queues.alerts.deadline(checkinId, 2, 0); // straight to the volunteers
    // Other features may add to the reply (the nearest cooled place open now: src/domain/heatAlertExtras.ts).
    const extra = await this.ctx.heatAlertExtras.lines('help', { personId: person.id }, env.lang);
    return [{ text: withExtras(env.t('checkin.helpComing'), extra) }];
  }

  /** A volunteer's "Je m'en occupe". */
  async take(person: Person, env: FlowEnv, checkinId: string): Promise<Reply[]> {
    const c = await this.ctx.checkins.get(checkinId);
    if (!c || !(await this.ctx.matching.isMatched(c.personId, person.id)))
      return [{ text: env.t('menu.notUnderstood') }];
    const taken = await this.ctx.checkins.take(checkinId, person.id);
    await this.ctx.audit.record(person.id, 'checkin.take', { checkin: checkinId, taken });
    // Whoever goes records what they found; someone who arrives second reads the latest entry first.
    const last = await lastVisitLine(this.ctx, c.personId, person.id, env.t, env.lang);
    const text = env.t(taken ? 'escalation.thanks' : 'escalation.alreadyTaken') + (last ? `\n${last}` : '');
    return [{ text, options: visitOptions(env.t, checkinId) }];
  }

  /** /binomes: eco-managers see their quartiers' pairs by name; a volunteer sees whom they look after. */
  async pairs(person: Person, env: FlowEnv, page = 0): Promise<Reply[]> {
    if (env.managedQuartiers.length) return managerPairs(this.ctx, env, page);
    if ((await this.ctx.network.get(person.id))?.role === 'volunteer') return volunteerPairs(this.ctx, person, env);
    return this.refuse(person, env, 'binomes');
  }

  /** A "change this pair" button: offers the quartier's volunteers. */
  async choosePair(person: Person, env: FlowEnv, supportedId: string): Promise<Reply[]> {
    const s = await this.ctx.network.get(supportedId);
    if (s?.role !== 'supported' || !env.managedQuartiers.includes(s.quartier))
      return this.refuse(person, env, 'binomes');
    const volunteers = await membersOf(this.ctx.db, s.quartier, 'volunteer');
    if (!volunteers.length) return [{ text: env.t('pairs.noVolunteer') }];
    return [
      {
        text: env.t('pairs.pick', { address: personLabel(s) }),
        // Two ids would be 81 bytes; Telegram allows 64 in a button: the volunteer goes as the start of theirs.
        options: volunteers.slice(0, 20).map((v) => ({
          value: heatAlertButtons.setPair.encode({
            supportedId,
            volunteerRef: v.personId.slice(0, VOLUNTEER_REF_LENGTH),
          }),
          label: personLabel(v).slice(0, 70),
        })),
      },
    ];
  }

  async setPair(person: Person, env: FlowEnv, supportedId: string, volunteerRef: string): Promise<Reply[]> {
    const s = await this.ctx.network.get(supportedId);
    const candidates =
      s && volunteerRef.length >= VOLUNTEER_REF_LENGTH
        ? (await membersOf(this.ctx.db, s.quartier, 'volunteer')).filter((v) => v.personId.startsWith(volunteerRef))
        : [];
    const v = candidates.length === 1 ? await this.ctx.network.get(candidates[0]!.personId) : undefined;
    if (
      !s ||
      !v ||
      s.role !== 'supported' ||
      v.role !== 'volunteer' ||
      s.quartier !== v.quartier ||
      !env.managedQuartiers.includes(s.quartier)
    ) {
      return this.refuse(person, env, 'binomes');
    }
    await this.ctx.matching.set(supportedId, [v.personId]);
    await this.ctx.audit.record(person.id, 'pairs.set', { supported: supportedId, volunteer: v.personId });
    return [{ text: env.t('pairs.done', { address: personLabel(s), volunteer: personLabel(v) }) }];
  }
}
