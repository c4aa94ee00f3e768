import type { AppContext } from '../context.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest } from '../../console/page.js';
import { hiddenFields } from '../../console/forms.js';
import type { Reply } from '../../core/messages.js';
import { formatParis } from '../../domain/parisTime.js';
import { GENERAL_SCOPE } from '../../knowledge/knowledgeBase.js';
import { SUPPORTED_EXTENSIONS } from '../../knowledge/loaders.js';
import type { Person } from '../../storage/people.js';
import { KnowledgeDesk } from './documentDesk.js';
import { dismissQuestions } from './questionDesk.js';

type Deps = Pick<AppContext, 'audit' | 'config' | 'flows' | 'inbox' | 'people'>;

/** Groups shown at once (most asked first); the chat's /questions shows ten. */
const GROUPS_SHOWN = 50;

/**
 * *Questions*: the inbox of her quartiers. *Répondre* goes through the chat's own faq-curate flow (same
 * limits, same answer path: the askers are told in their chat); *Ignorer* is the chat's button.
 */
export const questionsPage = (deps: Deps): ConsolePage => ({
  id: 'questions',
  path: '/questions',
  title: 'console.questions.title',
  at: 30,
  routes: [
    {
      method: 'get',
      path: '',
      handle: async (req) => ({ title: req.env.t('console.questions.pageTitle'), page: await inbox(deps, req) }),
    },
    {
      method: 'post',
      path: '/:id/repondre',
      async handle(req) {
        const form = await deps.flows.submitForm('faq-curate', req.env, { answer: req.body.answer ?? '' });
        if ('errors' in form) return { redirect: '/questions', notice: Object.values(form.errors).join(' ') };
        const replies = await deps.flows.completeForm('faq-curate', req.env, {
          ...form.answers,
          questionId: req.params.id,
        });
        return { redirect: '/questions', notice: replies.map((r) => r.text).join(' ') };
      },
    },
    {
      method: 'post',
      path: '/:id/ignorer',
      async handle(req) {
        const person = await deps.people.byId(req.personId);
        const replies = person && (await dismissQuestions(deps, person, req.env, req.params.id ?? ''));
        return { redirect: '/questions', notice: replies?.[0]?.text ?? req.env.t('faqInbox.gone') };
      },
    },
  ],
});

async function inbox(deps: Deps, req: ConsoleRequest) {
  const t = req.env.t;
  const groups = (await deps.inbox.groups(req.quartiers)).slice(0, GROUPS_SHOWN);
  if (!groups.length) return html`<p>${t('faqInbox.empty')}</p>`;
  const nameOf = (id: string | null) =>
    id ? (deps.config.quartiers.find((q) => q.id === id)?.name ?? id) : t('console.questions.noQuartier');
  return html`<p>${t('console.questions.intro')}</p>
${groups.map((g, i) => {
  const first = g[0]!;
  const about = [
    nameOf(first.quartier),
    t('console.questions.asked', { count: g.length }),
    ...(g.some((q) => q.reason === 'unhelpful') ? [t('console.questions.unhelpful')] : []),
  ];
  return html`<article aria-labelledby="question-${i}">
<header><h2 id="question-${i}">${t('console.questions.quoted', { text: first.text.slice(0, 300) })}</h2>
<p class="small">${about.join(' — ')}</p></header>
${
  g.length > 1
    ? html`<details><summary>${t('console.questions.wordings', { count: g.length })}</summary>
<ul>${g.map((q) => html`<li>${q.text}</li>`)}</ul></details>`
    : ''
}
<form method="post" action="/questions/${first.id}/repondre">${csrfField(req.csrf)}
<label for="answer-${i}">${t('console.questions.answerLabel')}</label>
<textarea id="answer-${i}" name="answer" rows="3" minlength="3" maxlength="1000" required></textarea>
<button type="submit">${t('console.questions.answer', { count: g.length })}</button>
</form>
<form method="post" action="/questions/${first.id}/ignorer">${csrfField(req.csrf)}
<button type="submit" class="secondary outline">${t('console.questions.ignore')}</button>
</form>
</article>`;
})}`;
}

const SET_ASIDE_REMOVE = '/documents/mis-de-cote/retirer';

type DocumentDeps = Pick<AppContext, 'audit' | 'config' | 'knowledge' | 'people'>;

/**
 * *Documents*: her quartiers' documents with their state (indexed with its passages, or set aside and why),
 * upload and remove — through the chat's own desk (same limits, parsing in a worker thread, quarantine,
 * audit). The general documents are listed read-only: they serve the other eco-managers' quartiers too.
 */
export const documentsPage = (deps: DocumentDeps): ConsolePage => {
  const desk = new KnowledgeDesk(deps);
  const done = async (req: ConsoleRequest, act: (person: Person) => Promise<Reply[]>) => {
    const person = await deps.people.byId(req.personId);
    const replies = person ? await act(person) : [];
    return { redirect: '/documents', notice: replies.map((r) => r.text).join(' ') };
  };
  return {
    id: 'documents',
    path: '/documents',
    title: 'console.documents.title',
    at: 40,
    routes: [
      {
        method: 'get',
        path: '',
        handle: async (req) => ({
          title: req.env.t('console.documents.title'),
          page: await documents(deps, desk, req),
        }),
      },
      {
        method: 'post',
        path: '',
        async handle(req) {
          const scope = req.body.quartier ?? '';
          const file = req.file;
          if (!req.quartiers.includes(scope)) return { redirect: '/documents', notice: req.env.t('docs.notYours') };
          if (!file) return { redirect: '/documents', notice: req.env.t('console.documents.noFile') };
          const doc = { fileName: file.name, size: file.size, download: async () => file.content };
          return done(req, (person) => desk.add(person, req.env, doc, scope));
        },
      },
      {
        method: 'post',
        path: SET_ASIDE_REMOVE.slice('/documents'.length),
        handle: (req) =>
          done(req, (person) => desk.removeSetAside(person, req.env, req.body.scope ?? '', req.body.stored ?? '')),
      },
      // After the one above: "mis-de-cote" would match :id.
      {
        method: 'post',
        path: '/:id/retirer',
        handle: (req) => done(req, (person) => desk.remove(person, req.env, req.params.id ?? '')),
      },
    ],
  };
};

async function documents(deps: DocumentDeps, desk: KnowledgeDesk, req: ConsoleRequest) {
  const { t, lang } = req.env;
  const all = await deps.knowledge.documents([...req.quartiers, GENERAL_SCOPE]);
  const setAside = await desk.setAside(req.quartiers);
  const remove = (action: string, file: string, hidden: Record<string, string> = {}) =>
    html`<form method="post" action="${action}" class="inline">${csrfField(req.csrf)}${hiddenFields(hidden)}
<button type="submit" class="secondary outline" aria-label="${t('console.documents.removeNamed', { file })}">${t(
      'console.documents.remove',
    )}</button></form>`;
  const table = (scope: string, editable: boolean) => {
    const rows = [
      ...all
        .filter((d) => d.scope === scope)
        .map(
          (d) => html`<tr><th scope="row">${d.file}${
            d.title !== d.file ? html`<br><span class="small">${d.title}</span>` : ''
          }</th>
<td>${t('console.documents.indexed', { count: d.passages })}</td><td>${formatParis(new Date(d.ingestedAt), lang)}</td>
${editable ? html`<td>${remove(`/documents/${d.id}/retirer`, d.file)}</td>` : ''}</tr>`,
        ),
      ...setAside
        .filter((s) => s.scope === scope)
        .map(
          (s) => html`<tr class="uncovered"><th scope="row">${s.file}</th>
<td>${t('console.documents.setAside', {
            reason: s.reason ? t(`docs.refusal.${s.reason}`) : t('console.documents.reasonUnknown'),
          })}</td><td>${s.at ? formatParis(s.at, lang) : ''}</td>
${editable ? html`<td>${remove(SET_ASIDE_REMOVE, s.file, { scope, stored: s.stored })}</td>` : ''}</tr>`,
        ),
    ];
    if (!rows.length) return html`<p>${t('console.documents.none')}</p>`;
    const columns = ['file', 'state', 'added', ...(editable ? ['action' as const] : [])] as const;
    return html`<div class="overflow-auto"><table class="striped" id="documents-${scope}"><thead><tr>
${columns.map((c) => html`<th scope="col">${t(`console.documents.${c}`)}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
  };
  const nameOf = (id: string) => deps.config.quartiers.find((q) => q.id === id)?.name ?? id;
  return html`<p>${t('console.documents.intro')}</p>
${req.quartiers.map(
  (q) => html`<section aria-labelledby="docs-${q}"><h2 id="docs-${q}">${nameOf(q)}</h2>${table(q, true)}</section>`,
)}
<section aria-labelledby="ajout"><h2 id="ajout">${t('console.documents.upload')}</h2>
<form method="post" action="/documents" enctype="multipart/form-data">${csrfField(req.csrf)}
<label for="doc-quartier">${t('console.documents.quartier')}</label>
<select id="doc-quartier" name="quartier">${req.quartiers.map((q) => html`<option value="${q}">${nameOf(q)}</option>`)}
</select>
<label for="doc-file">${t('console.documents.chooseFile')}</label>
<input type="file" id="doc-file" name="document" accept="${SUPPORTED_EXTENSIONS.join(',')}" required
aria-describedby="doc-note">
<small id="doc-note">${t('console.documents.uploadNote')}</small>
<button type="submit">${t('console.documents.send')}</button>
</form></section>
<section aria-labelledby="docs-general"><h2 id="docs-general">${t('console.documents.general')}</h2>
<p>${t('console.documents.generalNote')}</p>${table(GENERAL_SCOPE, false)}</section>`;
}
