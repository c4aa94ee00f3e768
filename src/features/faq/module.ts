import type { FeatureModule } from '../feature.js';
import { faq } from './commands.js';
import { faqCurateFlow } from './questionDesk.js';

/** Questions about the quartier's documents: the eco-managers' inbox, its commands and the answer flow. */
export const faqModule: FeatureModule = {
  id: 'faq',
  create: faq,
  flows: (ctx) => [faqCurateFlow({ audit: ctx.audit, inbox: ctx.inbox, people: ctx.people, queues: ctx.queues })],
};
