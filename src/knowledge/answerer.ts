import type { Hit, SearchIndex } from './searchIndex.js';
import type { GroundedLlm } from './llm.js';
import { fuseRankings } from './embeddings.js';
import { type Candidate, candidatesOf, gateFeatures, linear, type ModelWeights, probability } from './answerModel.js';
import { type SafetyKind, safetyKind } from './emergency.js';

export { questionFocus } from './answerTypes.js';

export interface Source {
  file: string;
  title: string;
  score: number;
  page: number | null;
  heading: string | null;
}

/** Sentences of one passage shown in the middle tier, as what the documents say — not as an answer. */
export interface Excerpt {
  text: string;
  source: Source;
}

/**
 * How the documents answered: a confident answer; below it, "here is what the documents say, I am not sure it
 * answers" with the best passages; nothing relevant, "je ne sais pas".
 */
export type Tier = 'answer' | 'passages' | 'none';

export interface Answer {
  /** The documents' part: the quoted answer, or (middle tier) the excerpts' sentences; '' for none. */
  text: string;
  /** True unless `tier` is 'answer'. */
  abstained: boolean;
  /** The reply's tier: 'answer' when a safety text comes first, whatever the documents add. */
  tier: Tier;
  /** The documents' own tier (what follows the safety text, if any). */
  documentTier: Tier;
  /** The product's own safety text shown first (an emergency, or the numbers to call in a heat wave). */
  safety?: SafetyKind;
  /** Retrieved documents, best first. */
  sources: Source[];
  /** The documents the answer's text actually comes from (what the person is shown). */
  cited: Source[];
  /** The gate's probability that the answer is right (what abstention is decided on). */
  confidence?: number;
  /** The passages the answer was drawn from (for the LLM, for tests). */
  passages: string[];
  /** Middle tier: the best passages' sentences with their sources, shown as what the documents say. */
  excerpts?: Excerpt[];
  /** An eco-manager's own answer to this question, used first (curated Q/A). */
  curated?: boolean;
}

export interface AnswerOptions {
  /** Restrict to these scopes ('general' + a quartier); all documents when undefined. */
  scopes?: string[];
  /** The answer model (answerModel.weights.json). */
  model: ModelWeights;
  llm?: GroundedLlm;
  /** Chunks found by vector similarity (hybrid retrieval), best first; fused with BM25's by rank. */
  semanticHits?: Hit[];
  /** The asker's quartier, and every quartier's name (id → "Ilot 13"): their own quartier's lines come first. */
  quartier?: string;
  quartierNames?: Record<string, string>;
}

/** At most this much quoted text in an answer. */
const MAX_ANSWER_CHARS = 420;
/** At most this much in the middle tier's excerpts. */
const MAX_EXCERPT_CHARS = 560;

type Scored = Candidate & { p: number; score: number };

/**
 * Answers from the index only. Every sentence of the best passages is scored by the answer model; the bot
 * answers with the best ones when the best is likely enough to hold the answer, and otherwise abstains —
 * offering the nearest sentences as "may help", clearly not as an answer. The optional LLM phrases a
 * grounded answer from the passages once the model decided the question is answerable.
 */
export async function answerQuestion(index: SearchIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  const safety = safetyKind(question);
  // The numbers to call come from the product alone: a document could have been planted with another one.
  if (safety === 'numbers') return { ...noAnswer([]), tier: 'answer', abstained: false, safety };
  const documents = await documentAnswer(index, question, opts);
  if (!safety) return documents;
  // An emergency is answered first by the product's safety text: never an abstention, whatever the documents say.
  return { ...documents, safety, tier: 'answer', abstained: false };
}

const noAnswer = (sources: Source[], confidence?: number): Answer => ({
  text: '',
  abstained: true,
  tier: 'none',
  documentTier: 'none',
  sources,
  cited: [],
  confidence,
  passages: [],
});

/** The tier the gate's probability falls in. */
export function tierOf(confidence: number, model: ModelWeights): Tier {
  if (confidence >= model.threshold) return 'answer';
  return confidence >= model.passages ? 'passages' : 'none';
}

async function documentAnswer(index: SearchIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  const scoring = scoreSentences(index, question, opts);
  const { hits, scored } = scoring;
  const sources = distinctSources(hits).slice(0, 3);
  const best = scored[0];
  // How sure: the gate reads how sure the sentence model is and what the question asks.
  const confidence = best ? probability(opts.model.gate, gateFeatures(scored, question)) : 0;
  const tier = best ? tierOf(confidence, opts.model) : 'none';
  if (tier === 'none') return noAnswer(sources, confidence);
  if (tier === 'passages') return passagesAnswer(scoring, opts.model, confidence);
  if (!opts.llm) return quoteAnswer(scoring, opts.model, confidence);
  const top = hits.slice(0, 5);
  const result = await opts.llm.answer(
    question,
    top.map((h) => h.chunk),
  );
  if (!result) return noAnswer(sources, confidence);
  const used = result.cited.map((i) => top[i]).filter((h): h is Hit => !!h);
  return {
    text: result.text,
    abstained: false,
    tier: 'answer',
    documentTier: 'answer',
    sources,
    cited: distinctSources(used.length ? used : quoted(scored, opts.model).map((c) => c.hit)),
    confidence,
    passages: top.map((h) => h.chunk.text),
  };
}

/**
 * The best sentence, then the next best ones, wherever they are: the fact asked for is often in the second
 * sentence the model ranks, and quoting two short passages costs less than abstaining or missing it. Read in
 * the documents' order within a passage; the passage holding the best sentence first.
 */
function quoted(scored: Scored[], model: ModelWeights, most = 3, chars = MAX_ANSWER_CHARS): Scored[] {
  const best = scored[0]!;
  const chosen = [best];
  for (const c of scored.slice(1)) {
    if (chosen.length >= most || chosen.reduce((n, x) => n + x.sentence.length, 0) > chars) break;
    if (c.p < model.companion * best.p) break;
    if (!chosen.some((x) => x.sentence === c.sentence)) chosen.push(c);
  }
  const bestIn = (h: Hit) => Math.max(...chosen.filter((c) => c.hit === h).map((c) => c.p));
  return chosen.sort((a, b) => (a.hit === b.hit ? a.position - b.position : bestIn(b.hit) - bestIn(a.hit)));
}

/** The answer quoted from the documents (no LLM), for scored sentences the gate let through. */
export function quoteAnswer(scoring: Scoring, model: ModelWeights, confidence: number): Answer {
  const chosen = quoted(scoring.scored, model);
  const sources = distinctSources(scoring.hits).slice(0, 3);
  const cited = distinctSources(chosen.map((c) => c.hit));
  const listed = [...sources, ...cited.filter((c) => !sources.some((s) => s.file === c.file))];
  // One line per passage, its section heading giving the quoted sentences their context ("DTG — … : …").
  const passages = [...new Set(chosen.map((c) => c.hit))];
  const text = passages
    .map((h) => {
      const line = chosen
        .filter((c) => c.hit === h)
        .map((c) => c.sentence)
        .join(' ');
      const heading = h.chunk.heading;
      const useful = heading && heading.length <= 80 && heading !== h.chunk.title && !line.includes(heading);
      return useful ? `${heading} : ${line}` : line;
    })
    .join('\n');
  return {
    text,
    abstained: false,
    tier: 'answer',
    documentTier: 'answer',
    sources: listed,
    cited,
    confidence,
    passages: chosen.map((c) => c.hit.chunk.text),
  };
}

export type Scoring = ReturnType<typeof scoreSentences>;

/** The best passages and every sentence of them scored by the sentence model, best first. */
export function scoreSentences(index: SearchIndex, question: string, opts: AnswerOptions) {
  const { groups, lexical } = retrieve(index, question, opts.scopes);
  const hits = opts.semanticHits?.length ? fuseRankings([lexical, opts.semanticHits], 8) : lexical;
  const candidates = candidatesOf({
    index,
    question,
    groups,
    hits,
    quartier: opts.quartier,
    quartierNames: opts.quartierNames,
  });
  // The sentence model is a softmax over the question's candidates: which one holds the answer, if any does.
  const z = candidates.map((c) => linear(opts.model, c.features));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  const scored: Scored[] = candidates.map((c, i) => ({ ...c, p: e[i]! / sum, score: z[i]! })).sort((a, b) => b.p - a.p);
  return { hits, scored };
}

/**
 * The middle tier: the sentences the answer would quote, one excerpt per passage with its source, shown as what
 * the documents say and not as an answer (the question also goes to the eco-manager).
 */
export function passagesAnswer(scoring: Scoring, model: ModelWeights, confidence: number): Answer {
  // A little more than an answer quotes: shown as excerpts, the reader picks the fact out.
  const chosen = quoted(scoring.scored, model, 4, MAX_EXCERPT_CHARS);
  const passages = [...new Set(chosen.map((c) => c.hit))];
  const excerpts = passages.map((h) => ({
    text: chosen
      .filter((c) => c.hit === h)
      .map((c) => c.sentence)
      .join(' '),
    source: distinctSources([h])[0]!,
  }));
  return {
    ...noAnswer(distinctSources(scoring.hits).slice(0, 3), confidence),
    tier: 'passages',
    documentTier: 'passages',
    text: excerpts.map((e) => e.text).join('\n'),
    cited: distinctSources(passages),
    excerpts,
  };
}

/** The question's term groups and its best passages by BM25 (what the model's candidates come from). */
export function retrieve(index: SearchIndex, question: string, scopes: string[] | undefined) {
  const groups = dedupeGroups(index.analyze(question));
  return { groups, lexical: groups.length ? index.search(question, scopes, 8) : [] };
}

function dedupeGroups(groups: string[][]): string[][] {
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g.join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function distinctSources(hits: Hit[]): Source[] {
  const seen = new Map<string, Source>();
  for (const h of hits) {
    if (!seen.has(h.chunk.file)) {
      seen.set(h.chunk.file, {
        file: h.chunk.file,
        title: h.chunk.title,
        score: Math.round(h.score * 1000) / 1000,
        page: h.chunk.page,
        heading: h.chunk.heading,
      });
    }
  }
  return [...seen.values()];
}
