import { stemmer as frenchStem } from '@orama/stemmers/french';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { ABBREVIATIONS, COLLOQUIAL, PHRASES, QUESTION_WORDS, VERB_FORMS } from './glossary.js';
import { ENGLISH_TO_FRENCH } from './glossaryEnglish.js';

/** NFKD also turns "m²" into "m2" and "13ᵉ" into "13e". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '');
const STOP = new Set([...frenchStopwords, ...englishStopwords, ...QUESTION_WORDS].map((w) => fold(w.toLowerCase())));
const ELISION = /\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/giu;

function rawWords(text: string): string[] {
  // NFKC keeps accents (the stemmer needs them) but turns "m²" into "m2" and "13ᵉ" into "13e".
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(ELISION, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

const stemCache = new Map<string, string[]>();
/**
 * A word's terms: its stem, and the stem of its unaccented spelling when that differs (people type without accents).
 */
function termsOf(word: string): string[] {
  let terms = stemCache.get(word);
  if (terms === undefined) {
    if (/^\p{N}+$/u.test(word)) terms = [word];
    else {
      const a = fold(frenchStem(word));
      const b = fold(frenchStem(fold(word)));
      terms = a === b ? [a] : [a, b];
    }
    if (stemCache.size < 200_000) stemCache.set(word, terms);
  }
  return terms;
}

function contentGroups(words: string[]): string[][] {
  return words.filter((w) => !STOP.has(fold(w)) && (w.length > 1 || /\p{N}/u.test(w))).map(termsOf);
}

/**
 * French-aware analysis shared by documents and questions: elisions (l', d', qu'…) and stop words removed,
 * the field's acronyms kept and expanded, everyday short forms and English words replaced by the documents'
 * French words, Snowball French stemming, accents folded. One group of alternative terms per meaningful word.
 */
export function analyzeGroups(text: string): string[][] {
  const out: string[][] = [];
  const phrased = PHRASES.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
  for (const word of rawWords(phrased)) {
    const key = fold(word);
    const acronym = ABBREVIATIONS[key];
    const replacement = COLLOQUIAL[key] ?? VERB_FORMS[key] ?? ENGLISH_TO_FRENCH[key];
    if (acronym) out.push([key], ...contentGroups(rawWords(acronym)));
    else if (replacement) out.push(...contentGroups(rawWords(replacement)));
    else out.push(...contentGroups([word]));
  }
  return out;
}

export function analyze(text: string): string[] {
  return analyzeGroups(text).flat();
}

/** Turns text into groups of alternative terms, one group per meaningful word. */
export type Analyzer = (text: string) => string[][];

/** The baseline's analysis: lower-case words, nothing else (no folding, stemming or stop words). */
export const plainWords: Analyzer = (text) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => [w]);
