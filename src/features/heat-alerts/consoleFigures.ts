import type { AppContext } from '../context.js';
import { barChart } from '../../console/charts.js';
import { html, type Html } from '../../console/html.js';
import type { FlowEnv } from '../../flows/types.js';
import { formatParis } from '../../domain/parisTime.js';

type Deps = Pick<AppContext, 'alerts' | 'checkins' | 'visits'>;

const ROUND_SERIES = [
  { key: 'ok', colour: '#2e7d32' },
  { key: 'help', colour: '#b00020' },
  { key: 'silent', colour: '#9e9e9e' },
  { key: 'escalated', colour: '#e65100' },
] as const;

/**
 * A running alert's figures, re-read at each poll: its messages (sent, failed, waiting), the check-in rounds
 * (answered OK, asked for help, silent, escalated to volunteers) as a chart, and the visit log.
 */
export async function alertFigures(deps: Deps, alertId: string, env: FlowEnv): Promise<Html> {
  const t = env.t;
  const f = await deps.alerts.figures(alertId);
  const checkins = await deps.checkins.forAlert(alertId);
  const rounds = [...new Set(checkins.map((c) => c.round))].sort();
  const values = rounds.map((round) => {
    const mine = checkins.filter((c) => c.round === round);
    const n = (keep: (c: (typeof mine)[number]) => boolean) => mine.filter(keep).length;
    return [
      n((c) => c.answer === 'ok'),
      n((c) => c.answer === 'help'),
      n((c) => !c.answer && !c.escalatedAt),
      n((c) => !c.answer && !!c.escalatedAt),
    ];
  });
  const visits = [...(await deps.visits.latestFor(checkins.map((c) => c.personId))).values()]
    .filter((v) => v.alertId === alertId)
    .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  const addressOf = new Map(checkins.map((c) => [c.personId, c.address ?? '?']));
  return html`<div class="figures" aria-live="polite">
<div><strong data-figure="sent">${f.sent}</strong>${t('console.alerts.figures.sent', {
    count: f.sent,
    total: f.total,
  })}</div>
<div><strong data-figure="pending">${f.pending}</strong>${t('console.alerts.figures.pending')}</div>
<div><strong data-figure="failed">${f.failed}</strong>${t('console.alerts.figures.failed', { count: f.failed })}</div>
<div><strong data-figure="unreachable">${f.unreachable}</strong>${t('console.alerts.figures.unreachable', {
    count: f.unreachable,
  })}</div>
</div>
<h3>${t('console.alerts.figures.checkins')}</h3>
${
  rounds.length
    ? barChart({
        t,
        id: `tours-${alertId}`,
        caption: t('console.alerts.figures.roundsCaption'),
        labels: rounds.map((r) => r.replace('T', ' ')),
        series: ROUND_SERIES.map((s) => ({ name: t(`console.alerts.figures.${s.key}`), colour: s.colour })),
        values,
      })
    : html`<p>${t('console.alerts.figures.noRounds')}</p>`
}
<h3>${t('console.alerts.figures.visits')}</h3>
${
  visits.length
    ? html`<ul>${visits.map(
        (v) =>
          html`<li>${addressOf.get(v.personId)} — ${t(`visit.outcome.${v.outcome}`)}${
            v.note ? ` (${v.note})` : ''
          } — ${formatParis(new Date(v.recordedAt), env.lang)}</li>`,
      )}</ul>`
    : html`<p>${t('console.alerts.figures.noVisits')}</p>`
}`;
}
