/**
 * Sentences that address the assistant rather than the reader ("ignore previous instructions…") have no
 * place in a quartier document: they are removed at ingest, so neither the quoted answers nor an LLM
 * ever see them, and the ingest report lists them for the eco-manager.
 */
const INSTRUCTION_PATTERNS = [
  /\bignore[rz]?\b.{0,40}\b(consignes?|instructions?|r[èe]gles?|prompts?)\b/i,
  /\b(previous|prior|above)\s+(instructions?|prompts?)\b/i,
  /\b(tu es|vous [êe]tes) (maintenant|d[ée]sormais)\b/i,
  /\byou are now\b/i,
  /\b(system prompt|prompt syst[èe]me|jailbreak)\b/i,
  /\b(r[ée]v[èe]le|reveal)\b.{0,30}\b(consignes?|instructions?|prompt)\b/i,
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
