import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Hit, SearchIndex } from './searchIndex.js';
import type { Logistic } from './logistic.js';

export { linear, type Logistic, probability, trainConditional, trainLogistic } from './logistic.js';
import {
  countedThing,
  countsThing,
  expectedAnswerType,
  folded,
  isEnglish,
  newFactTest,
  questionFocus,
} from './answerTypes.js';

/**
 * Answer selection and answerability as a small learned model. Every sentence of the best passages is a
 * candidate described by general features (coverage of the question's weight, alone and with its heading and
 * neighbours; the fact type asked for, new to the question; what the question names and counts; rank…); a
 * conditional logit (`npm run train:faq`, answerModel.weights.json) chooses among them, and a logistic gate
 * decides, precision first, whether to answer at all.
 */

export const FEATURES = [
  'cov_sentence',
  'cov_with_heading',
  'cov_with_neighbours',
  'cov_passage',
  'cov_best_passage',
  'uncovered_passage', // largest idf the passage leaves uncovered, / the index's largest
  'uncovered_sentence',
  'unknown_share', // share of the question's weight no document holds at all
  'has_unknown',
  'question_groups',
  'type_asked',
  'type_in_sentence',
  'type_in_neighbours',
  'type_missing',
  'focus_asked',
  'focus_named',
  'bm25_relative',
  'passage_rank',
  'position',
  'first_sentence',
  'length',
  'has_digit',
  'names_asked_quartier',
  'names_other_quartier_only',
  'cov_x_type_ok',
  'rarest_in_sentence', // the question's most specific word (highest idf among those the documents hold) is there
  'rarest_in_passage',
  'uncovered_groups', // how many of the question's words the passage leaves out
  'type_new_in_sentence', // a fact of the type asked that the question does not already hold
  'type_new_near',
  'count_asked', // "combien de bacs": the thing counted is named
  'counts_in_sentence', // a figure followed by the thing counted ("12 bacs")
  'counts_near',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface Candidate {
  sentence: string;
  hit: Hit;
  position: number;
  features: number[];
}

export interface ModelWeights extends Logistic {
  features: readonly string[];
  /** The second stage: from the best sentences' scores and the question, the probability the answer is right. */
  gate: Logistic & { features: readonly string[] };
  /** From this probability (the gate's) up, a confident answer: chosen so that at most 1 in 20 is wrong. */
  threshold: number;
  /** From this probability up to `threshold`, the best passages as what the documents say; below, none. */
  passages: number;
  /** A further sentence is added when its probability is at least this share of the best one's. */
  companion: number;
}

/** Passages whose sentences are candidates. */
export const CANDIDATE_PASSAGES = 5;

export interface CandidateContext {
  index: SearchIndex;
  question: string;
  groups: string[][];
  hits: Hit[];
  /** The quartier the question is about: the one it names, else the asker's. */
  quartier?: string;
  quartierNames?: Record<string, string>;
}

/** Every sentence of the best passages with its features. */
export function candidatesOf(c: CandidateContext): Candidate[] {
  const { index, question, groups, hits } = c;
  if (!groups.length || !hits.length) return [];
  const coverage = (terms: Set<string>) => index.coverage(groups, terms);
  const weightOf = groups.map((g) => index.groupIdf(g));
  const total = weightOf.reduce((a, b) => a + b, 0) || 1;
  const maxIdf = index.maxIdf || 1;
  const unknown = groups.map((g) => !index.knows(g));
  const unknownShare = groups.reduce((s, _g, i) => s + (unknown[i] ? weightOf[i]! : 0), 0) / total;
  const uncovered = (terms: Set<string>) =>
    Math.max(0, ...groups.map((g, i) => (g.some((t) => terms.has(t)) ? 0 : weightOf[i]!))) / maxIdf;
  const known = groups.filter((_g, i) => !unknown[i]);
  const rarest = known.sort((a, b) => index.groupIdf(b) - index.groupIdf(a))[0];
  const holds = (terms: Set<string>) => (rarest ? Number(rarest.some((t) => terms.has(t))) : 0);
  const wanted = expectedAnswerType(question);
  const focus = questionFocus(question, index.analyze);
  const counted = countedThing(question, index.analyze);
  const counts = (text: string) => (counted ? Number(countsThing(text, counted, index.analyze)) : 0);
  const isNewFact = wanted ? newFactTest(question, wanted) : undefined;
  const newFact = (text: string) => (isNewFact ? Number(isNewFact(text)) : 0);
  const names = Object.entries(c.quartierNames ?? {}).map(([id, name]) => ({ id, name: ` ${folded(name)} ` }));
  const named = (text: string) => names.filter((n) => ` ${folded(text)} `.includes(n.name)).map((n) => n.id);
  const target = named(question)[0] ?? c.quartier;
  const top = hits.slice(0, CANDIDATE_PASSAGES);
  const bestPassage = Math.max(0, ...top.slice(0, 3).map((h) => coverage(index.termsOf(h.chunk.id))));
  const topScore = top[0]!.score || 1;
  const out: Candidate[] = [];
  top.forEach((h, rank) => {
    const { headingTerms, sentences, termSets } = index.analysedPassage(h.chunk);
    const passageTerms = index.termsOf(h.chunk.id);
    const passageCoverage = coverage(passageTerms);
    const passageUncovered = uncovered(passageTerms);
    sentences.forEach((sentence, position) => {
      const own = termSets[position]!;
      const withHeading = new Set([...own, ...headingTerms]);
      const neighbours = new Set([
        ...withHeading,
        ...(termSets[position - 1] ?? []),
        ...(termSets[position + 1] ?? []),
      ]);
      const plain = sentence.replace(/^\d+[.)]\s+/, '');
      const typeIn = wanted ? Number(wanted.test(plain)) : 0;
      const near = `${sentences[position - 1] ?? ''} ${sentences[position + 1] ?? ''}`;
      const typeNear = wanted ? Number(wanted.test(near)) : 0;
      const focusNamed = focus ? Number(focus.some((g) => g.some((t) => withHeading.has(t)))) : 0;
      const quartiers = named(sentence);
      const covHeading = coverage(withHeading);
      const f: Record<FeatureName, number> = {
        cov_sentence: coverage(own),
        cov_with_heading: covHeading,
        cov_with_neighbours: coverage(neighbours),
        cov_passage: passageCoverage,
        cov_best_passage: bestPassage,
        uncovered_passage: passageUncovered,
        uncovered_sentence: uncovered(neighbours),
        unknown_share: unknownShare,
        has_unknown: Number(unknown.some(Boolean)),
        question_groups: Math.log1p(groups.length),
        type_asked: Number(!!wanted),
        type_in_sentence: typeIn,
        type_in_neighbours: typeNear,
        type_missing: wanted ? Number(!typeIn) : 0,
        focus_asked: Number(!!focus),
        focus_named: focusNamed,
        bm25_relative: h.score / topScore,
        passage_rank: rank / CANDIDATE_PASSAGES,
        position: sentences.length > 1 ? position / (sentences.length - 1) : 0,
        first_sentence: Number(position === 0),
        length: Math.log1p(sentence.length) / 6,
        has_digit: Number(/\d/.test(plain)),
        names_asked_quartier: target ? Number(quartiers.includes(target)) : 0,
        names_other_quartier_only: target ? Number(quartiers.length > 0 && !quartiers.includes(target)) : 0,
        cov_x_type_ok: covHeading * (wanted ? typeIn : 1),
        rarest_in_sentence: holds(neighbours),
        rarest_in_passage: holds(passageTerms),
        uncovered_groups: Math.log1p(groups.filter((g) => !g.some((t) => passageTerms.has(t))).length),
        type_new_in_sentence: newFact(plain),
        type_new_near: newFact(near),
        count_asked: Number(!!counted),
        counts_in_sentence: counts(plain),
        counts_near: counts(near),
      };
      out.push({ sentence, hit: h, position, features: FEATURES.map((k) => f[k]) });
    });
  });
  return out;
}

/** What the gate reads: how sure the sentence model is, and what the best sentence and the question are like. */
export const GATE_FEATURES = [
  'best_score', // the best candidate's own score: the softmax alone says how it compares, not how good it is
  'best_logit',
  'second_logit',
  'gap',
  'top3_mean',
  'files_in_top5',
  'cov_with_heading',
  'cov_with_neighbours',
  'cov_passage',
  'cov_best_passage',
  'uncovered_passage',
  'uncovered_sentence',
  'unknown_share',
  'has_unknown',
  'question_groups',
  'type_asked',
  'type_in_sentence',
  'type_in_neighbours',
  'focus_asked',
  'focus_named',
  'names_other_quartier_only',
  'bm25_relative',
  'passage_rank',
  'rarest_in_sentence',
  'rarest_in_passage',
  'uncovered_groups',
  'type_new_in_sentence',
  'type_new_top3', // in any of the three best sentences (an answer may quote them)
  'count_asked',
  'counts_in_sentence',
  'counts_top3',
  'type_unmet', // a fact type is asked and none of the three best sentences holds a new one
  'count_unmet', // a thing is counted and none of the three best sentences gives its number
  'english', // English questions reach French passages through a glossary: their coverage reads lower
] as const;

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The gate's features for a question whose candidates are scored, best first. */
export function gateFeatures(
  scored: { p: number; score: number; features: number[]; hit: Hit }[],
  question: string,
): number[] {
  const english = isEnglish(question);
  const best = scored[0]!;
  const second = scored[1];
  const own = (name: FeatureName) => best.features[FEATURES.indexOf(name)]!;
  const top3 = scored.slice(0, 3);
  const inTop3 = (name: FeatureName) => Math.max(...top3.map((c) => c.features[FEATURES.indexOf(name)]!));
  const [newTop3, countsTop3] = [inTop3('type_new_in_sentence'), inTop3('counts_in_sentence')];
  const f: Record<(typeof GATE_FEATURES)[number], number> = {
    best_score: best.score,
    best_logit: logit(best.p),
    second_logit: logit(second?.p ?? 0),
    gap: best.p - (second?.p ?? 0),
    top3_mean: top3.reduce((s, c) => s + c.p, 0) / top3.length,
    files_in_top5: new Set(scored.slice(0, 5).map((c) => c.hit.chunk.file)).size / 5,
    cov_with_heading: own('cov_with_heading'),
    cov_with_neighbours: own('cov_with_neighbours'),
    cov_passage: own('cov_passage'),
    cov_best_passage: own('cov_best_passage'),
    uncovered_passage: own('uncovered_passage'),
    uncovered_sentence: own('uncovered_sentence'),
    unknown_share: own('unknown_share'),
    has_unknown: own('has_unknown'),
    question_groups: own('question_groups'),
    type_asked: own('type_asked'),
    type_in_sentence: own('type_in_sentence'),
    type_in_neighbours: own('type_in_neighbours'),
    focus_asked: own('focus_asked'),
    focus_named: own('focus_named'),
    names_other_quartier_only: own('names_other_quartier_only'),
    bm25_relative: own('bm25_relative'),
    passage_rank: own('passage_rank'),
    rarest_in_sentence: own('rarest_in_sentence'),
    rarest_in_passage: own('rarest_in_passage'),
    uncovered_groups: own('uncovered_groups'),
    type_new_in_sentence: own('type_new_in_sentence'),
    type_new_top3: newTop3,
    count_asked: own('count_asked'),
    counts_in_sentence: own('counts_in_sentence'),
    counts_top3: countsTop3,
    type_unmet: own('type_asked') * (1 - newTop3),
    count_unmet: own('count_asked') * (1 - countsTop3),
    english: Number(english),
  };
  return GATE_FEATURES.map((k) => f[k]);
}

const LogisticFile = z.object({
  mean: z.array(z.number()),
  std: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
const ModelFile = LogisticFile.extend({
  features: z.array(z.string()),
  gate: LogisticFile.extend({ features: z.array(z.string()) }),
  threshold: z.number().min(0).max(1),
  passages: z.number().min(0).max(1),
  companion: z.number().min(0).max(1),
});

/** The committed model (npm run train:faq writes it); refused if it was trained on other features. */
export function loadAnswerModel(path = new URL('./answerModel.weights.json', import.meta.url)): ModelWeights {
  const model = ModelFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (model.features.join() !== FEATURES.join() || model.gate.features.join() !== GATE_FEATURES.join())
    throw new Error('answerModel.weights.json was trained on other features: run npm run train:faq');
  return model;
}
