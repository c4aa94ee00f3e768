import type { Translate } from '../i18n/translator.js';
import type { Answer, Source } from './answerer.js';

const sourceName = (s: Source, t: Translate) =>
  s.page ? t('faq.sourceWithPage', { title: s.title, page: s.page }) : s.title;

/**
 * The reply as a person reads it (the chat, the CLI and `eval:faq --json` all show this): the product's safety
 * text first when the question is an emergency; then the documents' part by tier — a confident answer with its
 * sources; "here is what the documents say, I am not sure" with the best passages and theirs; or an honest
 * "I don't know" with the contact (never after a safety text: that already answers).
 */
export function renderAnswer(answer: Answer, t: Translate, contact: string): string {
  if (answer.safety === 'numbers') return t('faq.heatNumbers');
  const documents = renderDocuments(answer, t);
  if (answer.safety === 'emergency')
    return documents ? `${t('faq.emergency')}\n\n${t('faq.emergencyDocs')}\n${documents}` : t('faq.emergency');
  if (!documents) return t('faq.unknown', { contact });
  // Not sure of the passages: the person may ask the eco-manager at once.
  return answer.tier === 'passages' ? `${documents}\n\n${t('faq.passagesContact', { contact })}` : documents;
}

function renderDocuments(answer: Answer, t: Translate): string | undefined {
  if (answer.documentTier === 'passages' && answer.excerpts?.length) {
    const lines = answer.excerpts.map((e) => t('faq.passageLine', { text: e.text, source: sourceName(e.source, t) }));
    return `${t('faq.passagesIntro')}\n${lines.join('\n')}`;
  }
  if (answer.documentTier !== 'answer' || !answer.text) return undefined;
  const cited = answer.cited.slice(0, 3).map((s) => sourceName(s, t));
  const intro = answer.safety ? '' : `${t('faq.intro')}\n`;
  return `${intro}${answer.text}\n\n${t('faq.sources', { sources: cited.join(' ; ') })}`;
}
