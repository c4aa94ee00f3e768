import type { Translate } from '../i18n/translator.js';
import type { Answer, Source } from './answerer.js';

const sourceName = (s: Source, t: Translate) =>
  s.page ? t('faq.sourceWithPage', { title: s.title, page: s.page }) : s.title;

/**
 * The answer as a person reads it: the text, then its sources. Or an honest "I don't know" with the contact,
 * followed, when some are near, by passages that may help — presented as such, never as the answer.
 */
export function renderAnswer(answer: Answer, t: Translate, contact: string): string {
  if (answer.abstained) {
    const unknown = t('faq.unknown', { contact });
    if (!answer.maybeHelpful?.length) return unknown;
    const lines = answer.maybeHelpful.map((m) =>
      t('faq.mayHelpLine', { text: m.text, source: sourceName(m.source, t) }),
    );
    return `${unknown}\n\n${t('faq.mayHelp')}\n${lines.join('\n')}`;
  }
  const cited = answer.cited.slice(0, 3).map((s) => sourceName(s, t));
  return `${t('faq.intro')}\n${answer.text}\n\n${t('faq.sources', { sources: cited.join(' ; ') })}`;
}
