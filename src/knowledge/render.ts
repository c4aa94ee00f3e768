import type { Translate } from '../i18n/translator.js';
import type { Answer } from './answerer.js';

/** The answer as a person reads it: the text, then its sources; or a plain "I don't know" with the contact. */
export function renderAnswer(answer: Answer, t: Translate, contact: string): string {
  if (answer.abstained) return t('faq.unknown', { contact });
  const cited = answer.cited
    .slice(0, 2)
    .map((s) => (s.page ? t('faq.sourceWithPage', { title: s.title, page: s.page }) : s.title));
  return `${t('faq.intro')}\n${answer.text}\n\n${t('faq.sources', { sources: cited.join(' ; ') })}`;
}
