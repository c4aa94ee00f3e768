import type { AppContext } from '../context.js';
import { flowForm, hiddenFields } from '../../console/forms.js';
import { html, withCode } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest, ConsoleResult } from '../../console/page.js';
import { formatParis } from '../../domain/parisTime.js';
import { HeatAlertDesk } from './desk.js';
import { alertFigures } from './consoleFigures.js';

type Deps = ConstructorParameters<typeof HeatAlertDesk>[0] & Pick<AppContext, 'config' | 'people'>;

const FLOW = 'heat-alert';
const COLUMNS = ['created', 'level', 'quartiers', 'state', 'sent', 'failed'] as const;

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
      t: req.env.t,
      action: '/alertes/apercu',
      fields: deps.flows.formFields(FLOW, req.env),
      values,
      errors,
      csrf: req.csrf,
      submit: req.env.t('console.alerts.previewButton'),
    });

  async function list(req: ConsoleRequest): Promise<ConsoleResult> {
    const { t, lang } = req.env;
    const alerts = await deps.alerts.list(req.quartiers, 20);
    const running = alerts.filter((a) => a.status === 'active' || a.status === 'pending');
    const rows = await Promise.all(
      alerts.map(async (a) => {
        const f = await deps.alerts.figures(a.id);
        return html`<tr><td>${formatParis(new Date(a.createdAt), lang)}</td>
<td>${t(`alert.level.${a.level}`)}</td>
<td>${a.quartiers.map(nameOf).join(', ')}</td><td>${t(`console.alerts.status.${a.status}`)}</td>
<td>${f.sent} / ${f.total}</td>
<td>${f.failed + f.unreachable}</td></tr>`;
      }),
    );
    const live = await Promise.all(running.map((a) => alertFigures(deps, a.id, req.env)));
    return {
      title: t('console.alerts.title'),
      page: html`${running.map(
        (a, i) => html`<section aria-labelledby="alerte-${a.id}">
<h2 id="alerte-${a.id}">${t(`alert.level.${a.level}`)} — ${a.quartiers.map(nameOf).join(', ')}
(${t(`console.alerts.status.${a.status}`)})</h2>
<p>${t('console.alerts.from', { start: formatParis(a.startsAt, lang), end: formatParis(a.endsAt, lang) })}</p>
<div hx-get="/alertes/${a.id}/chiffres" hx-trigger="load, every 5s" hx-swap="innerHTML">
${live[i]}</div>
${
  a.status === 'active'
    ? html`<form method="post" action="/alertes/${a.id}/terminer">${csrfField(req.csrf)}
<button type="submit" class="secondary">${t('console.alerts.end')}</button></form>`
    : ''
}
</section>`,
      )}
<section aria-labelledby="nouvelle"><h2 id="nouvelle">${t('console.alerts.newTitle')}</h2>
<p>${withCode(t('console.alerts.newIntro'), t('console.alerts.command'))}</p>
${form(req)}</section>
<section aria-labelledby="historique"><h2 id="historique">${t('console.alerts.history')}</h2>
${
  rows.length
    ? html`<div class="overflow-auto"><table class="striped"><thead><tr>
${COLUMNS.map((c) => html`<th scope="col">${t(`console.alerts.${c}`)}</th>`)}
</tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p>${t('console.alerts.none')}</p>`
}</section>`,
    };
  }

  return {
    id: 'alertes',
    path: '/alertes',
    title: 'console.alerts.title',
    at: 10,
    routes: [
      { method: 'get', path: '', handle: list },
      {
        method: 'get',
        path: '/:id/chiffres',
        async handle(req) {
          const alert = await mine(req);
          if (!alert) return { fragment: html`<p>${req.env.t('console.alerts.notYours')}</p>`, status: 404 };
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
              title: req.env.t('console.alerts.newTitle'),
              status: 422,
              page: html`<p role="alert">${req.env.t('console.forms.fix')}</p>
${form(req, req.body, result.errors)}`,
            };
          return {
            title: req.env.t('console.alerts.previewTitle'),
            page: html`<div class="preview">${result.preview.text}</div>
<form method="post" action="/alertes/envoyer">${csrfField(req.csrf)}${hiddenFields(req.body)}
<button type="submit">${req.env.t('console.alerts.send')}</button></form>
<p><a href="/alertes">${req.env.t('console.alerts.cancel')}</a></p>`,
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
