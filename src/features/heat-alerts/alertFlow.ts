import { z } from 'zod';
import { AUDIENCES, HeatAlerts, LEVELS } from './heatAlerts.js';
import { launchAlert } from './launch.js';
import { formatParis } from '../../domain/parisTime.js';
import { parisDateAnswer } from '../../flows/answers.js';
import { alertText } from './texts.js';
import type { Answers, FlowDefinition, FlowEnv } from '../../flows/types.js';
import type { Channel } from '../../channel.js';
import type { AuditLog } from '../../storage/auditLog.js';
import type { AlertJobs } from './queue.js';
import type { approvalPolicy } from './approval.js';

const DAY = 24 * 3600 * 1000;
const MAX_DAYS = 30;

/** The answers of this flow, read through one schema instead of casts (they come back from the database). */
const AlertAnswers = z.object({
  quartiers: z.string(),
  audience: z.enum(AUDIENCES),
  level: z.enum(LEVELS),
  textChoice: z.enum(['template', 'custom']).optional(),
  customText: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  /** From a red vigilance draft: the first "Tout va bien ?" goes with the alert, not at the next check-in time. */
  checkinsNow: z.enum(['yes']).optional(),
});
type AlertAnswers = z.infer<typeof AlertAnswers>;
const read = (a: Answers): AlertAnswers => AlertAnswers.parse(a);

const quartiersOf = (a: AlertAnswers, env: FlowEnv) => (a.quartiers === 'all' ? env.managedQuartiers : [a.quartiers]);
const startOf = (a: AlertAnswers, env: FlowEnv) =>
  a.start === 'now' || a.start === undefined ? env.now() : new Date(a.start);
const endOf = (a: AlertAnswers, env: FlowEnv) => {
  const end = a.end ?? '+1';
  return end.startsWith('+') ? new Date(startOf(a, env).getTime() + Number(end.slice(1)) * DAY) : new Date(end);
};
const textOf = (a: AlertAnswers) => (a.textChoice === 'custom' ? (a.customText ?? '') : '');
const names = (ids: string[], env: FlowEnv) =>
  ids.map((id) => env.quartiers.find((q) => q.id === id)?.name ?? id).join(', ');

/** What sending an alert uses: the alerts, their jobs, the check-in times and the approval policy. */
export interface AlertFlowDeps {
  alerts: HeatAlerts;
  alertJobs: AlertJobs;
  audit: Pick<AuditLog, 'record'>;
  /** CHECKIN_TIMES: when the "Tout va bien ?" rounds go out. */
  checkinTimes: string[];
  /** ALERT_APPROVAL: whether an alert waits for a second eco-manager, how many may approve, or why it need not. */
  approval: ReturnType<typeof approvalPolicy>;
}

/** /alerte — an eco-manager composes an extreme-heat alert, sees who it reaches, and confirms. */
export const heatAlertFlow = (deps: AlertFlowDeps): FlowDefinition => ({
  id: 'heat-alert',
  confirmStep: 'preview',
  steps: [
    {
      id: 'quartiers',
      prompt: 'alertFlow.ask.quartiers',
      input: {
        kind: 'choice',
        options: (_a, env) => [
          ...env.managedQuartiers.map((id) => ({
            value: id,
            label: env.quartiers.find((q) => q.id === id)?.name ?? id,
            literal: true,
          })),
          ...(env.managedQuartiers.length > 1 ? [{ value: 'all', label: 'alertFlow.allMine' }] : []),
        ],
      },
      schema: z.string().min(1),
      errorKey: 'alertFlow.error.quartiers',
    },
    {
      id: 'audience',
      prompt: 'alertFlow.ask.audience',
      input: { kind: 'choice', options: () => AUDIENCES.map((a) => ({ value: a, label: `alertFlow.audience.${a}` })) },
      schema: z.enum(AUDIENCES),
      errorKey: 'network.error.choice',
    },
    {
      id: 'level',
      prompt: 'alertFlow.ask.level',
      input: { kind: 'choice', options: () => LEVELS.map((l) => ({ value: l, label: `alert.level.${l}` })) },
      schema: z.enum(LEVELS),
      errorKey: 'network.error.choice',
    },
    {
      id: 'textChoice',
      prompt: 'alertFlow.ask.text',
      promptParams: (a, env) => ({ template: env.t(`alert.template.${z.enum(LEVELS).parse(a.level)}`) }),
      formLabel: 'alertFlow.form.text',
      input: {
        kind: 'choice',
        options: () => [
          { value: 'template', label: 'alertFlow.useTemplate' },
          { value: 'custom', label: 'alertFlow.writeOwn' },
        ],
      },
      schema: z.enum(['template', 'custom']),
      errorKey: 'network.error.choice',
    },
    {
      id: 'customText',
      prompt: 'alertFlow.ask.customText',
      when: (a) => a.textChoice === 'custom',
      input: { kind: 'text' },
      schema: z.string().trim().min(10).max(1500),
      errorKey: 'alertFlow.error.text',
    },
    {
      id: 'start',
      prompt: 'alertFlow.ask.start',
      input: { kind: 'text', suggestions: () => [{ value: 'now', label: 'alertFlow.now' }] },
      schema: parisDateAnswer(/^now$/),
      errorKey: 'alertFlow.error.date',
      display: (v, env) => (v === 'now' ? env.t('alertFlow.now') : formatParis(new Date(String(v)), env.lang)),
    },
    {
      id: 'end',
      prompt: 'alertFlow.ask.end',
      input: {
        kind: 'text',
        suggestions: () => [1, 2, 3, 5].map((d) => ({ value: `+${d}`, label: `alertFlow.days.${d}` })),
      },
      schema: parisDateAnswer(/^\+[1-9]\d?$/),
      errorKey: 'alertFlow.error.date',
      after: () => undefined,
    },
    {
      id: 'preview',
      prompt: 'alertFlow.ask.preview',
      promptParams: async (raw, env) => {
        const a = read(raw);
        const counts = await deps.alerts.countByChannel(quartiersOf(a, env), a.audience);
        const perChannel =
          Object.entries(counts)
            .map(([c, n]) => `${env.t(`channel.${c as Channel}`)} : ${n}`)
            .join(', ') || '0';
        const total = Object.values(counts).reduce((s, n) => s + n, 0);
        const start = startOf(a, env);
        const end = endOf(a, env);
        return {
          quartiers: names(quartiersOf(a, env), env),
          audience: env.t(`alertFlow.audience.${a.audience}`),
          total: String(total),
          perChannel,
          start: formatParis(start, env.lang),
          end: formatParis(end, env.lang),
          text: alertText({ level: a.level, text: textOf(a), endsAt: end }, env.t, env.lang),
          warning: [
            end <= start || end.getTime() - start.getTime() > MAX_DAYS * DAY ? env.t('alertFlow.badDates') : '',
            ...(await deps.alerts.overlapping(quartiersOf(a, env), a.audience)).map((o) =>
              env.t(
                HeatAlerts.covers({ quartiers: quartiersOf(a, env), audience: a.audience }, o)
                  ? 'alertFlow.replaces'
                  : 'alertFlow.overlaps',
                {
                  level: env.t(`alert.level.${o.level}`),
                  quartiers: names(o.quartiers, env),
                  end: formatParis(o.endsAt, env.lang),
                },
              ),
            ),
          ]
            .filter(Boolean)
            .join('\n'),
        };
      },
      input: {
        kind: 'choice',
        options: () => [
          { value: 'send', label: 'alertFlow.send' },
          { value: 'cancel', label: 'alertFlow.cancel' },
        ],
      },
      schema: z.enum(['send', 'cancel']),
      errorKey: 'network.error.choice',
      after: (v) => (v === 'cancel' ? { type: 'exit', messageKey: 'alertFlow.cancelled' } : undefined),
    },
  ],
  async complete(raw, env) {
    const a = read(raw);
    const start = startOf(a, env);
    const end = endOf(a, env);
    if (end <= start || end.getTime() - start.getTime() > MAX_DAYS * DAY)
      return [{ text: env.t('alertFlow.badDates') }];
    const quartiers = quartiersOf(a, env).filter((q) => env.managedQuartiers.includes(q));
    if (!quartiers.length) return [{ text: env.t('alertFlow.notYours') }];
    // With ALERT_APPROVAL=second, another eco-manager of these quartiers approves first — unless the alert
    // is red (urgence) or nobody else manages them; either fast path is audited.
    const approval = await deps.approval(quartiers, a.level, env.personId);
    const alert = await deps.alerts.create(
      {
        quartiers,
        audience: a.audience,
        level: a.level,
        text: textOf(a),
        startsAt: start,
        endsAt: end,
        checkinPattern: deps.checkinTimes.join(','),
      },
      env.personId,
      approval.needed ? 'pending' : 'active',
    );
    if (approval.needed) {
      await deps.alertJobs.requestApproval(alert.id);
      return [{ text: env.t('approval.waiting', { count: approval.approvers }) }];
    }
    if (approval.fastPath)
      await deps.audit.record(env.personId, 'alert.fastpath', { alert: alert.id, why: approval.fastPath });
    await launchAlert(deps, alert, env.personId, { checkinsNow: !!a.checkinsNow });
    return [{ text: env.t('alertFlow.launched') }];
  },
});
