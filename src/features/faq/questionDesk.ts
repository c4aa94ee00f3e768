import { z } from 'zod';
import { faqButtons } from './buttons.js';
import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowDefinition, FlowEnv } from '../../flows/types.js';
import { translator } from '../../i18n/translator.js';
import { renderAnswer } from '../../knowledge/render.js';
import { safetyKind } from '../../knowledge/emergency.js';
import type { Person } from '../../storage/people.js';
import type { DeliveryTexts } from '../feature.js';
import { askers, DAILY_INBOX_CAP, type InboxQuestion, type InboxRoute } from './questionInbox.js';

type AskDeps = Pick<AppContext, 'config' | 'inbox' | 'knowledge' | 'logger' | 'metrics' | 'network'>;

/**
 * A question for the quartier's documents: an emergency gets the product's safety text first; else an
 * eco-manager's own answer when one matches; else the documents, by tier. What the bot could not answer for sure
 * (passages, or nothing) goes to the eco-managers' inbox; an answer comes with "Pas utile".
 */
export async function askQuartier(deps: AskDeps, text: string, person: Person, env: FlowEnv): Promise<Reply[]> {
  const member = await deps.network.get(person.id);
  const quartier = deps.config.quartiers.find((q) => q.id === member?.quartier);
  // An emergency is never answered by a curated entry alone: the safety text (and the numbers) come first.
  const curated = safetyKind(text) ? undefined : await deps.inbox.matchCurated(text, quartier?.id ?? null);
  if (curated) {
    // Matched by words: it may be the wrong one, so it can be marked unhelpful like any answer.
    const kept = await deps.inbox.keep({ quartier: quartier?.id ?? null, text, personId: person.id, status: 'bot' });
    return [{ text: env.t('faq.curated', { answer: curated.answer }), options: unhelpfulButton(kept, env) }];
  }
  const answer = await deps.knowledge.ask(text, { quartier: quartier?.id });
  deps.metrics.faqQuestion(answer.abstained);
  const contact = quartier?.contact ?? deps.config.quartiers.map((q) => `${q.name} : ${q.contact}`).join(', ');
  deps.logger.info(
    { tier: answer.tier, safety: answer.safety, sources: answer.cited.map((s) => s.file), quartier: quartier?.id },
    'faq answered',
  );
  const route = answer.abstained ? await deps.inbox.route(person.id, quartier?.id ?? null) : undefined;
  const kept = await deps.inbox.keep({
    quartier: quartier?.id ?? null,
    text,
    personId: person.id,
    status: answer.abstained ? 'open' : 'bot',
    route,
  });
  const rendered = renderAnswer(answer, env.t, contact);
  if (route) {
    const routed = routedReply(deps, route, kept, env);
    return [{ ...routed, text: `${rendered}\n\n${routed.text}` }];
  }
  return [{ text: rendered, options: unhelpfulButton(kept, env) }];
}

/** What the asker is told about where their question went (see QuestionInbox.route). */
function routedReply(
  deps: Pick<AppContext, 'config'>,
  route: InboxRoute,
  questionId: string,
  env: FlowEnv,
  quartierName?: string,
): Reply {
  if (route === 'capped') return { text: env.t('faq.inboxCapped', { cap: DAILY_INBOX_CAP }) };
  if (route === 'inbox')
    return {
      text: quartierName ? env.t('faq.keptForQuartier', { quartier: quartierName }) : env.t('faq.keptForManager'),
    };
  const choice = (quartier: string, label: string) => ({
    value: faqButtons.questionQuartier.encode({ questionId, quartier }),
    label,
  });
  return {
    text: env.t('faq.whichQuartier'),
    options: [...deps.config.quartiers.map((q) => choice(q.id, q.name)), choice('none', env.t('faq.noneOfThem'))],
  };
}

/** Someone in no quartier says which one their question is for; 'none' keeps it from every inbox. */
export async function chooseQuestionQuartier(
  deps: Pick<AppContext, 'config' | 'inbox'>,
  person: Person,
  env: FlowEnv,
  questionId: string,
  quartierId: string,
): Promise<Reply[]> {
  if (quartierId === 'none') return [{ text: env.t('faq.noQuartier') }];
  const quartier = deps.config.quartiers.find((q) => q.id === quartierId);
  const done = quartier ? await deps.inbox.toQuartier(questionId, person.id, quartier.id) : 'gone';
  if (done === 'gone') return [{ text: env.t('faq.unhelpfulAlready') }];
  return [routedReply(deps, done, questionId, env, quartier?.name)];
}

const unhelpfulButton = (questionId: string, env: FlowEnv) => [
  { value: faqButtons.unhelpful.encode({ questionId }), label: env.t('faq.unhelpful') },
];

/** "Pas utile": the question goes to the eco-manager (asking the quartier first of someone in none). */
export async function markUnhelpful(
  deps: Pick<AppContext, 'config' | 'inbox'>,
  person: Person,
  env: FlowEnv,
  questionId: string,
): Promise<Reply[]> {
  const done = await deps.inbox.markUnhelpful(questionId, person.id);
  if (done === 'already') return [{ text: env.t('faq.unhelpfulAlready') }];
  if (done === 'inbox') return [{ text: env.t('faq.unhelpfulThanks') }];
  return [routedReply(deps, done, questionId, env)];
}

/** Only an eco-manager of the question's quartier (any eco-manager for a question asked without one). */
const mayAnswer = (q: InboxQuestion | undefined, env: FlowEnv) =>
  !!q && env.managedQuartiers.length > 0 && (q.quartier === null || env.managedQuartiers.includes(q.quartier));

/** Groups per /questions page: with two buttons each and the page buttons, a short list on any screen. */
const GROUPS_PER_PAGE = 5;

/**
 * /questions: the inbox of the eco-manager's quartiers, grouped by similarity, the most asked (by different
 * people) first, a page at a time, with "Répondre" and "Ignorer" per group.
 */
export async function questionsInbox(deps: Pick<AppContext, 'inbox'>, env: FlowEnv, page = 0): Promise<Reply[]> {
  const all = await deps.inbox.groups(env.managedQuartiers);
  if (!all.length) return [{ text: env.t('faqInbox.empty') }];
  const pages = Math.ceil(all.length / GROUPS_PER_PAGE);
  const at = Math.min(Math.max(0, page), pages - 1);
  const groups = all.slice(at * GROUPS_PER_PAGE, (at + 1) * GROUPS_PER_PAGE);
  const line = (g: InboxQuestion[]) =>
    env.t('faqInbox.line', {
      question: g[0]!.text.slice(0, 160),
      askers: askers(g) === 1 ? env.t('faqInbox.oneAsker') : env.t('faqInbox.askers', { count: askers(g) }),
      unhelpful: g.some((q) => q.reason === 'unhelpful') ? env.t('faqInbox.unhelpfulMark') : '',
    });
  const title = env.t('faqInbox.title') + (pages > 1 ? env.t('faqInbox.page', { page: at + 1, pages }) : '');
  const turn = (to: number, label: 'faqInbox.previous' | 'faqInbox.next') => ({
    value: faqButtons.questionsPage.encode({ page: String(to) }),
    label: env.t(label),
  });
  return [
    {
      text: `${title}\n\n${groups.map(line).join('\n')}`,
      options: [
        ...groups.flatMap((g) => [
          {
            value: faqButtons.answerQuestion.encode({ questionId: g[0]!.id }),
            label: env.t('faqInbox.answer', { question: g[0]!.text.slice(0, 40) }),
          },
          {
            value: faqButtons.dismissQuestion.encode({ questionId: g[0]!.id }),
            label: env.t('faqInbox.dismiss', { question: g[0]!.text.slice(0, 40) }),
          },
        ]),
        ...(at > 0 ? [turn(at - 1, 'faqInbox.previous')] : []),
        ...(at < pages - 1 ? [turn(at + 1, 'faqInbox.next')] : []),
      ],
    },
  ];
}

/** "Répondre": the eco-manager types the answer (the faq-curate flow). */
export async function startAnswer(
  deps: Pick<AppContext, 'inbox' | 'flows'>,
  env: FlowEnv,
  questionId: string,
): Promise<Reply[] | undefined> {
  if (!mayAnswer(await deps.inbox.get(questionId), env)) return undefined;
  return deps.flows.startInstead('faq-curate', env, { preset: { questionId } });
}

/** "Ignorer": the group is set aside (nobody is told); only an eco-manager of its quartier may. */
export async function dismissQuestions(
  deps: Pick<AppContext, 'audit' | 'inbox'>,
  person: Person,
  env: FlowEnv,
  questionId: string,
): Promise<Reply[] | undefined> {
  if (!mayAnswer(await deps.inbox.get(questionId), env)) return undefined;
  const questions = await deps.inbox.sameAs(questionId);
  await deps.inbox.dismiss(questions);
  await deps.audit.record(person.id, 'faq.dismiss', { questions: questions.length });
  return [{ text: env.t('faqInbox.dismissed', { count: questions.length }) }];
}

type CurateDeps = Pick<AppContext, 'audit' | 'inbox' | 'people' | 'queues'>;

/** The answer becomes the quartier's curated entry; everyone who asked it is told in their chat. */
export async function answerFromInbox(
  deps: CurateDeps,
  personId: string,
  env: FlowEnv,
  questionId: string,
  answer: string,
): Promise<Reply[]> {
  const first = await deps.inbox.get(questionId);
  if (!mayAnswer(first, env)) return [{ text: env.t('faqInbox.gone') }];
  const questions = await deps.inbox.sameAs(questionId);
  if (!questions.length) return [{ text: env.t('faqInbox.gone') }];
  const curated = await deps.inbox.answer(questions, answer, personId);
  await deps.audit.record(personId, 'faq.curate', { curated: curated.id, questions: questions.length });
  const requests = [];
  for (const q of questions) {
    const asker = q.personId ? await deps.people.byId(q.personId) : undefined;
    if (asker)
      requests.push({
        key: `faq-answer-${q.id}`,
        kind: 'faq-answer' as const,
        ref: q.id,
        personId: asker.id,
        channel: asker.channel,
      });
  }
  await deps.queues.deliveries.enqueue(requests);
  return [{ text: env.t('faqInbox.answered', { count: requests.length }) }];
}

/** "Répondre": the eco-manager's answer, asked in one question, becomes the quartier's curated entry. */
export const faqCurateFlow = (deps: CurateDeps): FlowDefinition => ({
  id: 'faq-curate',
  steps: [
    {
      id: 'answer',
      prompt: 'faqInbox.askAnswer',
      input: { kind: 'text' },
      schema: z.string().trim().min(3).max(1000),
      errorKey: 'faqInbox.askAnswer',
    },
  ],
  complete: (a, env) => answerFromInbox(deps, env.personId, env, String(a.questionId), String(a.answer)),
});

/** The eco-manager's answer, sent to each person who asked. */
export const faqTexts: DeliveryTexts = {
  kinds: ['faq-answer'],
  create: (ctx) => async (payload, person) => {
    const q = await ctx.inbox.get(payload.ref);
    const curated = q?.status === 'answered' && q.curatedId ? await ctx.inbox.curated(q.curatedId) : undefined;
    if (!q || !curated) return undefined;
    const t = translator(person.language);
    return { text: t('faq.curatedNotice', { question: q.text, answer: curated.answer }) };
  },
};
