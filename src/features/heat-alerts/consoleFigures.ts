import type { AppContext } from '../../context.js';
import { barChart } from '../../console/charts.js';
import { html, type Html } from '../../console/html.js';
import type { FlowEnv } from '../../flows/types.js';
import { formatParis } from '../../domain/parisTime.js';

type Deps = Pick<AppContext, 'alerts' | 'checkins' | 'visits'>;

const ROUND_SERIES = [
  { name: 'Ça va', colour: '#2e7d32' },
  { name: 'Besoin d’aide', colour: '#b00020' },
  { name: 'Sans réponse', colour: '#9e9e9e' },
  { name: 'Relayés aux volontaires', colour: '#e65100' },
];

/**
 * A running alert's figures, re-read at each poll: its messages (sent, failed, waiting), the check-in rounds
 * (answered OK, asked for help, silent, escalated to volunteers) as a chart, and the visit log.
 */
export async function alertFigures(deps: Deps, alertId: string, env: FlowEnv): Promise<Html> {
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
<div><strong data-figure="sent">${f.sent}</strong>envoyés sur ${f.total}</div>
<div><strong data-figure="pending">${f.pending}</strong>en attente</div>
<div><strong data-figure="failed">${f.failed}</strong>échecs</div>
<div><strong data-figure="unreachable">${f.unreachable}</strong>injoignables</div>
</div>
<h3>« Tout va bien ? »</h3>
${
  rounds.length
    ? barChart({
        id: `tours-${alertId}`,
        caption: 'Réponses à chaque tour de « Tout va bien ? » (personnes soutenues).',
        labels: rounds.map((r) => r.replace('T', ' ')),
        series: ROUND_SERIES,
        values,
      })
    : html`<p>Pas encore de tour de « Tout va bien ? » pour cette alerte.</p>`
}
<h3>Visites</h3>
${
  visits.length
    ? html`<ul>${visits.map(
        (v) =>
          html`<li>${addressOf.get(v.personId)} — ${env.t(`visit.outcome.${v.outcome}`)}${
            v.note ? ` (${v.note})` : ''
          } — ${formatParis(new Date(v.recordedAt), 'fr')}</li>`,
      )}</ul>`
    : html`<p>Aucune visite notée pour l’instant.</p>`
}`;
}
