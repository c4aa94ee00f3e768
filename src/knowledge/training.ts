import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openDatabase } from '../storage/database.js';
import { KnowledgeStore } from '../storage/knowledgeStore.js';
import { passagesAnswer, quoteAnswer, retrieve, scoreSentences, tierOf } from './answerer.js';
import {
  candidatesOf,
  FEATURES,
  GATE_FEATURES,
  gateFeatures,
  type Logistic,
  type ModelWeights,
  trainConditional,
  probability,
  trainLogistic,
} from './answerModel.js';
import { type EvalQuestion, normalizeForScoring, scoreAnswer, totals, type Totals } from './evaluation.js';
import { GENERAL_SCOPE } from './knowledgeBase.js';
import { createKnowledgeBase } from './index.js';
import type { SearchIndex } from './searchIndex.js';

/** What the model is trained on, and how. Changing any of these changes the committed weights. */
export const TRAINING = {
  folds: 5,
  /** The sentence model (a conditional logit over each question's candidates): barely regularised. */
  selectionL2: 0.0001,
  /** The gate learns from one row per question: more regularised. */
  gateL2: 0.05,
  iterations: 400,
  rate: 0.5,
  /** A confident answer may be wrong (without the fact, or to an unanswerable question) this often at most. */
  maxWrong: 0.05,
  /** The middle tier stops where this share of the unanswerable questions is left at "je ne sais pas". */
  minNone: 0.35,
  companions: [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.01],
} as const;

const blank = (names: readonly string[]): Logistic => ({
  mean: names.map(() => 0),
  std: names.map(() => 1),
  weights: names.map(() => 0),
  bias: 0,
});
const UNTRAINED: ModelWeights = {
  features: FEATURES,
  ...blank(FEATURES),
  gate: { features: GATE_FEATURES, ...blank(GATE_FEATURES) },
  threshold: 0,
  passages: 0,
  companion: 1,
};

interface Labelled {
  q: EvalQuestion;
  rows: { features: number[]; label: number }[];
}

const scopesOf = (q: EvalQuestion) => (q.quartier ? [GENERAL_SCOPE, q.quartier] : undefined);

/** One row per candidate sentence: 1 when it comes from a source of the question and holds an expected fact. */
function label(index: SearchIndex, q: EvalQuestion, quartierNames: Record<string, string>): Labelled {
  const { groups, lexical } = retrieve(index, q.question, scopesOf(q));
  const candidates = candidatesOf({
    index,
    question: q.question,
    groups,
    hits: lexical,
    quartier: q.quartier ?? undefined,
    quartierNames,
  });
  const wanted = q.must_contain.map(normalizeForScoring);
  return {
    q,
    rows: candidates.map((c) => {
      const text = normalizeForScoring(c.sentence);
      const holds = q.answerable && q.sources.includes(c.hit.chunk.file) && wanted.some((m) => text.includes(m));
      return { features: c.features, label: Number(holds) };
    }),
  };
}

function fitSentenceModel(data: Labelled[]): Logistic {
  return trainConditional(
    data.map((d) => d.rows),
    { l2: TRAINING.selectionL2, iterations: TRAINING.iterations, rate: TRAINING.rate },
  );
}

/** Each question's sentences scored once by the sentence model: answers and gate rows are then read off them. */
function scoreAll(index: SearchIndex, data: Labelled[], model: ModelWeights, names: Record<string, string>) {
  return data.map((d) => ({
    q: d.q,
    scoring: scoreSentences(index, d.q.question, {
      scopes: scopesOf(d.q),
      model,
      quartier: d.q.quartier ?? undefined,
      quartierNames: names,
    }),
  }));
}
type ScoredQuestion = ReturnType<typeof scoreAll>[number];

const NO_ANSWER = {
  text: '',
  abstained: true,
  tier: 'none' as const,
  documentTier: 'none' as const,
  sources: [],
  cited: [],
  passages: [],
};

/** Each question answered as if the gate let everything through; `p`, the gate's probability, decides later. */
function answerAll(scored: ScoredQuestion[], model: ModelWeights, gate?: (features: number[]) => number) {
  return scored.map(({ q, scoring }) => {
    if (!scoring.scored.length) return { q, answer: { ...NO_ANSWER }, middle: { ...NO_ANSWER }, p: 0 };
    const p = gate ? gate(gateFeatures(scoring.scored, q.question)) : 1;
    return { q, answer: quoteAnswer(scoring, model, p), middle: passagesAnswer(scoring, model, p), p };
  });
}

type Answered = ReturnType<typeof answerAll>[number];

function scoreAt(answered: Answered[], threshold: number, passages = threshold): Totals {
  return totals(
    answered.map((x) => {
      if (x.answer.abstained) return scoreAnswer(x.q, x.answer, 0);
      const tier = tierOf(x.p, { threshold, passages } as ModelWeights);
      if (tier === 'answer') return scoreAnswer(x.q, x.answer, 0);
      const none = { ...x.answer, ...NO_ANSWER, sources: x.answer.sources };
      return scoreAnswer(x.q, tier === 'passages' ? x.middle : none, 0);
    }),
  );
}

/**
 * The whole model on these questions: the sentence model; the companion share with most correct answers when
 * always answering; the gate, learning from the questions when that answer was right; then the gate's two
 * thresholds (confident answer, passages), read on its out-of-fold probabilities.
 */
function fitModel(index: SearchIndex, data: Labelled[], names: Record<string, string>): ModelWeights {
  const sentence = { ...UNTRAINED, ...fitSentenceModel(data) };
  const scored = scoreAll(index, data, sentence, names);
  let companion: number = TRAINING.companions[0];
  let answered: Answered[] = [];
  let bestCorrect = -1;
  for (const c of TRAINING.companions) {
    const candidate = answerAll(scored, { ...sentence, companion: c });
    const correct = scoreAt(candidate, 0).answer_correctness;
    if (correct > bestCorrect) [bestCorrect, companion, answered] = [correct, c, candidate];
  }
  const rightAt = answered.map((a) => scoreAt([a], 0).answer_correctness === 1);
  const gateRows = scored.map(({ q, scoring }, i) => ({
    features: scoring.scored.length ? gateFeatures(scoring.scored, q.question) : GATE_FEATURES.map(() => 0),
    label: Number(rightAt[i]),
  }));
  const gateOptions = { l2: TRAINING.gateL2, iterations: TRAINING.iterations, rate: TRAINING.rate };
  const gate = trainLogistic(gateRows, gateOptions);
  const model: ModelWeights = { ...sentence, companion, gate: { features: GATE_FEATURES, ...gate } };
  // The threshold is chosen on the gate's out-of-fold probabilities: on the rows it learnt from, the gate is
  // surer than it will be on new questions, and a threshold chosen there abstains too little.
  const outOfFold = gateRows.map(() => 0);
  for (let k = 0; k < TRAINING.folds; k++) {
    const inner = trainLogistic(
      gateRows.filter((_r, i) => i % TRAINING.folds !== k),
      gateOptions,
    );
    gateRows.forEach((r, i) => {
      if (i % TRAINING.folds === k) outOfFold[i] = probability(inner, r.features);
    });
  }
  return { ...model, ...chooseThresholds(data, outOfFold, rightAt) };
}

/**
 * The two thresholds, on the gate's out-of-fold probabilities. Confident: the lowest at which at most
 * TRAINING.maxWrong of the answers given are wrong (an answer without the fact, or to an unanswerable question).
 * Passages: the lowest that still leaves TRAINING.minNone of the unanswerable questions at "je ne sais pas".
 */
function chooseThresholds(data: Labelled[], p: number[], right: boolean[]) {
  const cuts = [...new Set(p)].sort((a, b) => a - b).map((x) => x + 1e-9);
  let threshold = 1;
  for (const t of [0, ...cuts]) {
    const given = p.filter((x) => x >= t).length;
    const wrong = p.filter((x, i) => x >= t && !right[i]).length;
    if (given > 0 && wrong <= TRAINING.maxWrong * given) {
      threshold = Math.min(1, t);
      break;
    }
  }
  const unanswerable = p.filter((_x, i) => !data[i]!.q.answerable);
  const none = (t: number) => unanswerable.filter((x) => x < t).length / (unanswerable.length || 1);
  const passages = Math.min(threshold, [0, ...cuts].find((t) => none(t) >= TRAINING.minNone) ?? threshold);
  return { threshold, passages };
}

export interface TrainingReport {
  model: ModelWeights;
  crossValidated: Totals;
  perFold: Totals[];
  /** Each question as answered by the model that did not see it, before its threshold. */
  heldOut: (Answered & { threshold: number; passagesThreshold: number })[];
}

const rescale = (p: number, m: ModelWeights) => (tierOf(p, m) === 'answer' ? 1 : tierOf(p, m) === 'passages' ? 0.5 : 0);

/** Trains on labelled questions over a corpus; k-fold cross-validated figures, then the model on everything. */
export async function trainAnswerModel(
  corpus: string,
  questions: EvalQuestion[],
  config: Config,
  logger: Logger,
): Promise<TrainingReport> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-train-'));
  const db = await openDatabase({ kind: 'sqlite', path: join(dir, 'train.sqlite') });
  try {
    const kb = createKnowledgeBase(new KnowledgeStore(db, systemClock), { ...config, llm: undefined }, logger);
    await kb.ingest([corpus]);
    const index = await kb.currentIndex();
    const names = Object.fromEntries(config.quartiers.map((q) => [q.id, q.name]));
    const data = questions.map((q) => label(index, q, names));
    // Folds by question, in the files' order dealt round-robin: deterministic, and each fold mixes every set.
    const fold = (i: number) => i % TRAINING.folds;
    const perFold: Totals[] = [];
    const heldOutAnswers: Answered[] = [];
    const rawHeldOut: TrainingReport['heldOut'] = [];
    for (let k = 0; k < TRAINING.folds; k++) {
      const train = data.filter((_d, i) => fold(i) !== k);
      const heldOut = data.filter((_d, i) => fold(i) === k);
      const model = fitModel(index, train, names);
      const answered = answerAll(scoreAll(index, heldOut, model, names), model, (f) => probability(model.gate, f));
      // Each fold's own thresholds, brought to one scale (the confident one at 1, the passages one at 0.5).
      const scaled = answered.map((x) => ({ ...x, p: rescale(x.p, model) }));
      perFold.push(scoreAt(scaled, 1, 0.5));
      heldOutAnswers.push(...scaled);
      rawHeldOut.push(
        ...answered.map((x) => ({ ...x, threshold: model.threshold, passagesThreshold: model.passages })),
      );
    }
    const model = fitModel(index, data, names);
    return { model, crossValidated: scoreAt(heldOutAnswers, 1, 0.5), perFold, heldOut: rawHeldOut };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the model with rounded numbers (a stable, reviewable diff). */
export function writeModel(path: string, model: ModelWeights): void {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  const out = {
    features: model.features,
    mean: model.mean.map(r),
    std: model.std.map(r),
    weights: model.weights.map(r),
    bias: r(model.bias),
    gate: {
      features: model.gate.features,
      mean: model.gate.mean.map(r),
      std: model.gate.std.map(r),
      weights: model.gate.weights.map(r),
      bias: r(model.gate.bias),
    },
    threshold: r(model.threshold),
    passages: r(model.passages),
    companion: model.companion,
  };
  writeFileSync(path, `${JSON.stringify(out, null, 1)}\n`);
}
