import { analyze } from '../../knowledge/analyzer.js';

/** How questions are compared by their meaningful words (stems): the inbox's groups and curated answers. */

/** A curated answer is used when its question covers this much of the new one's words, and back. */
const CURATED_MATCH = 0.6;
/**
 * Or, for a paraphrase ("comment avoir un bac au potager ?" for "il y a un potager partagé ?"), when its question
 * and answer together hold this much of the new one's words (at least two), its question holding one of them.
 */
const PARAPHRASE_MATCH = 0.75;

export const termsOf = (text: string) => new Set(analyze(text));
/** Two stems are one word when one begins the other ("ref" of "je refais", "refair" of "refaire"). */
const same = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a)));
const share = (of: Set<string>, inside: Set<string>) =>
  of.size ? [...of].filter((t) => [...inside].some((u) => same(t, u))).length / of.size : 0;
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  const common = Math.min(share(a, b) * a.size, share(b, a) * b.size);
  return common / (a.size + b.size - common);
}

/**
 * How well a curated entry answers a question: its question covers the new one's words and back (the same
 * question), or, for a paraphrase, its question and answer together hold most of them.
 */
export function curatedScore(terms: Set<string>, question: Set<string>, answer: Set<string>): number {
  const sameQuestion = Math.min(share(question, terms), share(terms, question));
  if (sameQuestion >= CURATED_MATCH) return sameQuestion;
  const inEntry = share(terms, question) > 0 && terms.size >= 2 ? share(terms, new Set([...question, ...answer])) : 0;
  return inEntry >= PARAPHRASE_MATCH ? inEntry - 0.5 : 0;
}
