import type { AppContext } from '../context.js';
import { flowForm, hiddenFields } from '../../console/forms.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest, ConsoleResult } from '../../console/page.js';
import { MeetingDesk } from './desk.js';
import { meetingParams } from './texts.js';

type Deps = ConstructorParameters<typeof MeetingDesk>[0] & Pick<AppContext, 'config'>;

const CREATE = 'meeting-create';
const MOVE = 'meeting-move';

/**
 * *Réunions*: her quartiers' meetings with registrations and waiting list; create (the chat's meeting-create
 * flow, with its preview), move (meeting-move: reminders follow, the registered are told) and cancel (the
 * chat's desk: everyone registered or waiting is told).
 */
export const meetingsPage = (deps: Deps): ConsolePage => {
  const desk = new MeetingDesk(deps);
  const nameOf = (id: string) => deps.config.quartiers.find((q) => q.id === id)?.name ?? id;
  const createForm = (req: ConsoleRequest, values?: Record<string, string>, errors?: Record<string, string>) =>
    flowForm({
      t: req.env.t,
      action: '/reunions/apercu',
      fields: deps.flows.formFields(CREATE, req.env),
      values,
      errors,
      csrf: req.csrf,
      submit: req.env.t('console.meetings.previewButton'),
    });

  async function list(req: ConsoleRequest): Promise<ConsoleResult> {
    const { t, lang } = req.env;
    const meetings = await deps.meetings.ofQuartiers(req.quartiers, 30);
    const moveFields = deps.flows.formFields(MOVE, req.env);
    const cards = await Promise.all(
      meetings.map(async (m) => {
        const c = await deps.meetings.counts(m.id);
        const p = meetingParams(m, t, lang);
        const open = m.status === 'scheduled' && m.endsAt > deps.now();
        return html`<article aria-labelledby="m-${m.id}"><header><h2 id="m-${m.id}">${p.title}</h2>
<p class="small">${p.kind} — ${nameOf(m.quartier)} — ${p.when} — ${p.place}</p></header>
<p>${m.status === 'cancelled' ? `${t('console.meetings.cancelled')} ` : ''}${t('console.meetings.counts', {
          registered: c.registered,
          places: m.capacity ? t('console.meetings.places', { capacity: m.capacity }) : '',
          waiting: c.waiting,
        })}</p>
${
  open
    ? html`<details><summary>${t('console.meetings.move')}</summary>${flowForm({
        t,
        action: `/reunions/${m.id}/deplacer`,
        fields: moveFields,
        prefix: `m-${m.id}`,
        csrf: req.csrf,
        submit: t('console.meetings.moveButton'),
      })}</details>
<form method="post" action="/reunions/${m.id}/annuler">${csrfField(req.csrf)}
<button type="submit" class="secondary outline">${t('console.meetings.cancel', {
        count: c.registered + c.waiting,
      })}</button>
</form>`
    : ''
}</article>`;
      }),
    );
    return {
      title: t('console.meetings.title'),
      page: html`${cards.length ? cards : html`<p>${t('console.meetings.none')}</p>`}
<section aria-labelledby="nouvelle-reunion"><h2 id="nouvelle-reunion">${t('console.meetings.newTitle')}</h2>
${createForm(req)}</section>`,
    };
  }

  return {
    id: 'reunions',
    path: '/reunions',
    title: 'console.meetings.title',
    at: 50,
    routes: [
      { method: 'get', path: '', handle: list },
      {
        method: 'post',
        path: '/apercu',
        async handle(req) {
          const result = await deps.flows.submitForm(CREATE, req.env, req.body);
          if ('errors' in result)
            return {
              title: req.env.t('console.meetings.newTitle'),
              status: 422,
              page: html`<p role="alert">${req.env.t('console.forms.fix')}</p>
${createForm(req, req.body, result.errors)}`,
            };
          return {
            title: req.env.t('console.meetings.previewTitle'),
            page: html`<div class="preview">${result.preview.text}</div>
<form method="post" action="/reunions/creer">${csrfField(req.csrf)}${hiddenFields(req.body)}
<button type="submit">${req.env.t('console.meetings.publish')}</button></form>
<p><a href="/reunions">${req.env.t('console.meetings.cancelPreview')}</a></p>`,
          };
        },
      },
      {
        method: 'post',
        path: '/creer',
        async handle(req) {
          const result = await deps.flows.submitForm(CREATE, req.env, req.body);
          if ('errors' in result) return { redirect: '/reunions', notice: Object.values(result.errors).join(' ') };
          const replies = await deps.flows.completeForm(CREATE, req.env, result.answers);
          return { redirect: '/reunions', notice: replies.map((r) => r.text).join(' ') };
        },
      },
      {
        method: 'post',
        path: '/:id/deplacer',
        async handle(req) {
          const result = await deps.flows.submitForm(MOVE, req.env, req.body);
          if ('errors' in result) return { redirect: '/reunions', notice: Object.values(result.errors).join(' ') };
          const replies = await deps.flows.completeForm(MOVE, req.env, { ...result.answers, meetingId: req.params.id });
          return { redirect: '/reunions', notice: replies.map((r) => r.text).join(' ') };
        },
      },
      {
        method: 'post',
        path: '/:id/annuler',
        async handle(req) {
          const person = await deps.people.byId(req.personId);
          if (!person) return { redirect: '/reunions' };
          const replies = await desk.admin(person, req.env, 'cancelyes', req.params.id ?? '');
          return { redirect: '/reunions', notice: replies.map((r) => r.text).join(' ') };
        },
      },
    ],
  };
};
