import type { ConversationKit, Feature } from '../feature.js';

/** Questions answered from the quartier's documents (typed words outside a flow are questions too). */
export const faq = (_ctx: unknown, kit: ConversationKit): Feature => ({
  id: 'faq',
  help: [
    { at: 2, key: 'help.question' },
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
  ],
});
