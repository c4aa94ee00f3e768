import type { FeatureModule } from '../feature.js';
import { faq } from './commands.js';
import { faqCurateFlow, faqTexts } from './questionDesk.js';
import { documentsPage, questionsPage } from './console.js';
import { faqJobParts } from './jobParts.js';

/** Questions answered from the quartier's documents, and the eco-managers' inbox with its answer flow. */
export const faqModule: FeatureModule = {
  id: 'faq',
  create: faq,
  flows: (ctx) => [faqCurateFlow({ audit: ctx.audit, inbox: ctx.inbox, people: ctx.people, queues: ctx.queues })],
  deliveryTexts: [faqTexts],
  consolePages: [questionsPage, documentsPage],
  jobs: faqJobParts,
};
