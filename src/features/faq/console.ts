import type { AppContext } from '../../context.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest } from '../../console/page.js';
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
