/**
 * Sentences that address the assistant rather than the reader ("ignore previous instructions…") have no
 * place in a quartier document: they are removed at ingest, so neither the quoted answers nor an LLM
 * ever see them, and the ingest report lists them for the eco-manager.
 */
const ADDRESSEE = `(assistant(?! social)|robot|bot|chatbot|IA|AI|intelligence artificielle|LLM|GPT)`;
const IMPERATIVE = `(${[
  'dois|doit|devez|doivent|r[ée]ponds?|r[ée]pondez|dis|dites|indique[sz]?|donne[sz]?',
  'affiche[sz]?|[ée]cris|[ée]crivez|oublie[sz]?|must|should|answer|reply|say|tell|always',
  'never|toujours|jamais',
].join('|')})`;
const INSTRUCTION_PATTERNS = [
  new RegExp(
    String.raw`\b(ignore[rz]?|oublie[rz]?|disregard|forget)\b.{0,40}\b(consignes?|instructions?|r[èe]gles?|prompts?|` +
      `ce qui pr[ée]c[èe]de|tout ce qui|everything|above|previous|pr[ée]c[ée]dent)`,
    'i',
  ),
  /\b(previous|prior|above)\s+(instructions?|prompts?)\b/i,
  /\b(tu es|vous [êe]tes) (maintenant|d[ée]sormais)\b/i,
  /\byou are now\b/i,
  /\b(system prompt|prompt syst[èe]me|jailbreak)\b/i,
  /\b(r[ée]v[èe]le|reveal)\b.{0,30}\b(consignes?|instructions?|prompt)\b/i,
  // Imperatives addressed to an assistant, a robot or an AI, in either order.
  new RegExp(String.raw`\b${ADDRESSEE}\b.{0,60}\b${IMPERATIVE}\b`, 'i'),
  new RegExp(String.raw`\b${IMPERATIVE}\b.{0,40}\b(l'|à l'|au |to the |the )?${ADDRESSEE}\b`, 'i'),
  // "From now on" changes of a number or a rule: how a planted sentence replaces the canicule number.
  /\b(from now on|henceforth|starting now|à partir de maintenant|dor[ée]navant)\b/i,
  new RegExp(
    String.raw`\bd[ée]sormais\b.{0,60}(\d[\d .]{5,}|\bnum[ée]ro\b|\bappele[rz]\b|\bcontact)|` +
      String.raw`(\bnum[ée]ro\b|\bappele[rz]\b).{0,60}\bd[ée]sormais\b`,
    'i',
  ),
];

export function removeInstructions(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const cleaned = text.replace(/[^.!?\n]*[.!?]?/g, (sentence) => {
    if (INSTRUCTION_PATTERNS.some((p) => p.test(sentence))) {
      removed.push(sentence.trim());
      return '';
    }
    return sentence;
  });
  return { text: cleaned, removed };
}

/** The numbers to call in a heat wave: always the product's own text, never a document's (which could be planted). */
export const OFFICIAL_HEAT_NUMBERS = ['15', '112', '3975', '0 800 06 66 66'] as const;

/** A question asking for a number to call in a heat wave or an emergency. */
export function asksForHeatNumber(question: string): boolean {
  const q = question
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const call = `(numeros?|telephone|tel|appeler|joindre|number|phone|call)`;
  const topic = `(canicule|urgences?|secours|samu|chaleur|heat ?wave|heat|emergency)`;
  return new RegExp(String.raw`\b${call}\b.{0,40}\b${topic}\b|\b${topic}\b.{0,40}\b${call}\b`).test(q);
}
