import type { AppContext } from '../../context.js';
import { flowForm, hiddenFields } from '../../console/forms.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest, ConsoleResult } from '../../console/page.js';
import { formatParis } from '../../domain/parisTime.js';
import { HeatAlertDesk } from './desk.js';
import { alertFigures } from './consoleFigures.js';

type Deps = ConstructorParameters<typeof HeatAlertDesk>[0] & Pick<AppContext, 'config' | 'people'>;

const FLOW = 'heat-alert';
const STATUS = {
  pending: 'en attente d’approbation',
  active: 'en cours',
  ended: 'terminée',
  replaced: 'remplacée',
  refused: 'refusée',
} as const;

/**
 * *Alertes*: the alerts of her quartiers, the running ones with figures that update by themselves (htmx
 * polling), and a new alert prepared with the chat's own flow: the same fields, the exact preview with its
 * counts, *Envoyer*, and the second eco-manager's approval when ALERT_APPROVAL=second.
 */
export const alertsPage = (deps: Deps): ConsolePage => {
  const desk = new HeatAlertDesk(deps);
  const nameOf = (id: string) => deps.config.quartiers.find((q) => q.id === id)?.name ?? id;
  const mine = async (req: ConsoleRequest) => {
    const alert = await deps.alerts.get(req.params.id ?? '');
    return alert?.quartiers.every((q) => req.quartiers.includes(q)) ? alert : undefined;
  };
  const form = (req: ConsoleRequest, values?: Record<string, string>, errors?: Record<string, string>) =>
    flowForm({
      action: '/alertes/apercu',
      fields: deps.flows.formFields(FLOW, req.env),
      values,
      errors,
      csrf: req.csrf,
      submit: 'Voir l’aperçu (rien n’est encore envoyé)',
    });

  async function list(req: ConsoleRequest): Promise<ConsoleResult> {
    const alerts = await deps.alerts.list(req.quartiers, 20);
    const running = alerts.filter((a) => a.status === 'active' || a.status === 'pending');
    const rows = await Promise.all(
      alerts.map(async (a) => {
        const f = await deps.alerts.figures(a.id);
        return html`<tr><td>${formatParis(new Date(a.createdAt), 'fr')}</td>
<td>${req.env.t(`alert.level.${a.level}`)}</td>
<td>${a.quartiers.map(nameOf).join(', ')}</td><td>${STATUS[a.status]}</td><td>${f.sent} / ${f.total}</td>
<td>${f.failed + f.unreachable}</td></tr>`;
      }),
    );
    const live = await Promise.all(running.map((a) => alertFigures(deps, a.id, req.env)));
    return {
      title: 'Alertes',
      page: html`${running.map(
        (a, i) => html`<section aria-labelledby="alerte-${a.id}">
<h2 id="alerte-${a.id}">${req.env.t(`alert.level.${a.level}`)} — ${a.quartiers.map(nameOf).join(', ')}
(${STATUS[a.status]})</h2>
<p>Du ${formatParis(a.startsAt, 'fr')} au ${formatParis(a.endsAt, 'fr')}.</p>
<div hx-get="/alertes/${a.id}/chiffres" hx-trigger="load, every 5s" hx-swap="innerHTML">
${live[i]}</div>
${
  a.status === 'active'
    ? html`<form method="post" action="/alertes/${a.id}/terminer">${csrfField(req.csrf)}
<button type="submit" class="secondary">Terminer cette alerte</button></form>`
    : ''
}
</section>`,
      )}
<section aria-labelledby="nouvelle"><h2 id="nouvelle">Préparer une alerte</h2>
<p>Comme <code>/alerte</code> dans le chat : vous verrez l’aperçu exact, avec le nombre de destinataires, avant
d’envoyer.</p>
${form(req)}</section>
<section aria-labelledby="historique"><h2 id="historique">Dernières alertes</h2>
${
  rows.length
    ? html`<div class="overflow-auto"><table class="striped"><thead><tr><th scope="col">Créée le</th>
<th scope="col">Niveau</th><th scope="col">Quartiers</th><th scope="col">État</th><th scope="col">Envoyés</th>
<th scope="col">Échecs</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p>Aucune alerte pour l’instant.</p>`
}</section>`,
    };
  }

  return {
    id: 'alertes',
    path: '/alertes',
    title: 'Alertes',
    at: 10,
    routes: [
      { method: 'get', path: '', handle: list },
      {
        method: 'get',
        path: '/:id/chiffres',
        async handle(req) {
          const alert = await mine(req);
          if (!alert) return { fragment: html`<p>Cette alerte n’est pas la vôtre.</p>`, status: 404 };
          return { fragment: await alertFigures(deps, alert.id, req.env) };
        },
      },
      {
        method: 'post',
        path: '/apercu',
        async handle(req) {
          const result = await deps.flows.submitForm(FLOW, req.env, req.body);
          if ('errors' in result)
            return {
              title: 'Préparer une alerte',
              status: 422,
              page: html`<p role="alert">Quelques réponses sont à revoir : voyez sous chaque champ.</p>
${form(req, req.body, result.errors)}`,
            };
          return {
            title: 'Aperçu de l’alerte',
            page: html`<div class="preview">${result.preview.text}</div>
<form method="post" action="/alertes/envoyer">${csrfField(req.csrf)}${hiddenFields(req.body)}
<button type="submit">Envoyer</button></form>
<p><a href="/alertes">Annuler (rien n’est envoyé)</a></p>`,
          };
        },
      },
      {
        method: 'post',
        path: '/envoyer',
        async handle(req) {
          // Checked again from the submitted answers (never trusted from the preview), then the flow's end.
          const result = await deps.flows.submitForm(FLOW, req.env, req.body);
          if ('errors' in result) return { redirect: '/alertes', notice: Object.values(result.errors).join(' ') };
          const replies = await deps.flows.completeForm(FLOW, req.env, result.answers);
          return { redirect: '/alertes', notice: replies.map((r) => r.text).join(' ') };
        },
      },
      {
        method: 'post',
        path: '/:id/terminer',
        async handle(req) {
          const person = await deps.people.byId(req.personId);
          const alert = await mine(req);
          if (!person || !alert) return { redirect: '/alertes', notice: req.env.t('alertDesk.noActive') };
          const replies = await desk.end(person, req.env, alert.id);
          return { redirect: '/alertes', notice: replies.map((r) => r.text).join(' ') };
        },
      },
    ],
  };
};
