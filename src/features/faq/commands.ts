import type { AppContext } from '../context.js';
import { answerButtons, type ConversationKit, type Feature } from '../feature.js';
import { faqButtons } from './buttons.js';
import { KnowledgeDesk } from './documentDesk.js';
import {
  askQuartier,
  chooseQuestionQuartier,
  dismissQuestions,
  markUnhelpful,
  questionsInbox,
  startAnswer,
} from './questionDesk.js';

/**
 * Questions answered from the quartier's documents (typed words outside a flow are questions too), and the
 * eco-managers' inbox of the questions it could not answer (/questions).
 */
export const faq = (
  ctx: Pick<AppContext, 'audit' | 'config' | 'flows' | 'inbox' | 'knowledge' | 'logger' | 'metrics' | 'network'>,
  kit: ConversationKit,
): Feature => {
  const library = new KnowledgeDesk(ctx);
  return {
    id: 'faq',
    help: [
      { at: 2, key: 'help.question' },
      { at: 27, key: 'help.questions', managers: true },
      { at: 28, key: 'help.documents', managers: true },
    ],
    commands: [
      {
        words: ['question', 'q', 'faq'],
        async run({ person, env, args }) {
          if (!args.trim()) return [{ text: env.t('faq.askHow') }];
          return kit.question(args, person, env);
        },
      },
      {
        words: ['questions', 'inbox'],
        run: ({ person, env }) =>
          env.managedQuartiers.length ? questionsInbox(ctx, env) : kit.refuse(person, env, 'questions'),
      },
    ],
    buttons: answerButtons(faqButtons, (b, { person, env }) => {
      if (b.kind === 'unhelpful') return markUnhelpful(ctx, person, env, b.questionId);
      if (b.kind === 'faqq') return chooseQuestionQuartier(ctx, person, env, b.questionId, b.quartier);
      if (b.kind === 'faqpage')
        return env.managedQuartiers.length
          ? questionsInbox(ctx, env, Number(b.page))
          : kit.refuse(person, env, 'questions');
      // Re-checked here: only an eco-manager of the question's quartier may answer or set it aside.
      if (b.kind === 'faqanswer')
        return startAnswer(ctx, env, b.questionId).then((r) => r ?? kit.refuse(person, env, 'questions'));
      return dismissQuestions(ctx, person, env, b.questionId).then((r) => r ?? kit.refuse(person, env, 'questions'));
    }),
    // The last resort: a question no feature's intent took goes to the quartier's documents; a file no feature
    // took is a document for them (eco-managers only).
    fallback: {
      question: (text, { person, env }) => askQuartier(ctx, text, person, env),
      file: (event, { person, env }) => library.receive(person, env, event),
    },
  };
};
