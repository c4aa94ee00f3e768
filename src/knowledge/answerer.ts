import type { Hit, SearchIndex } from './searchIndex.js';
import type { GroundedLlm } from './llm.js';
import { fuseRankings } from './embeddings.js';
import { type Candidate, candidatesOf, gateFeatures, linear, type ModelWeights, probability } from './answerModel.js';

export { questionFocus } from './answerTypes.js';

export interface Source {
  file: string;
  title: string;
  score: number;
  page: number | null;
  heading: string | null;
}

/** A sentence of the documents shown, when the bot abstains, as something that may help — not as an answer. */
export interface MaybeHelpful {
  text: string;
  source: Source;
}

export interface Answer {
  text: string;
  abstained: boolean;
  /** Retrieved documents, best first. */
  sources: Source[];
  /** The documents the answer's text actually comes from (what the person is shown). */
  cited: Source[];
  /** The gate's probability that the answer is right (what abstention is decided on). */
  confidence?: number;
  /** The passages the answer was drawn from (for the LLM, for tests). */
  passages: string[];
  /** When abstaining: the nearest sentences, with their sources, to be shown as "may help", never as an answer. */
  maybeHelpful?: MaybeHelpful[];
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
/** "May help" sentences are offered only when the best one is at least this share of the threshold. */
const HELPFUL_FLOOR = 0.5;

type Scored = Candidate & { p: number; score: number };

/**
 * Answers from the index only. Every sentence of the best passages is scored by the answer model; the bot
 * answers with the best ones when the best is likely enough to hold the answer, and otherwise abstains —
 * offering the nearest sentences as "may help", clearly not as an answer. The optional LLM phrases a
 * grounded answer from the passages once the model decided the question is answerable.
 */
export async function answerQuestion(index: SearchIndex, question: string, opts: AnswerOptions): Promise<Answer> {
  const scoring = scoreSentences(index, question, opts);
  const { hits, scored } = scoring;
  const sources = distinctSources(hits).slice(0, 3);
  const best = scored[0];
  // Whether to answer: the gate reads how sure the sentence model is and what the question asks.
  const confidence = best ? probability(opts.model.gate, gateFeatures(scored, question)) : 0;
  if (!best || confidence < opts.model.threshold) {
    return {
      text: '',
      abstained: true,
      sources,
      cited: [],
      confidence,
      passages: [],
      maybeHelpful: best && confidence >= HELPFUL_FLOOR * opts.model.threshold ? helpful(scored) : [],
    };
  }
  if (!opts.llm) return quoteAnswer(scoring, opts.model, confidence);
  const top = hits.slice(0, 5);
  const result = await opts.llm.answer(
    question,
    top.map((h) => h.chunk),
  );
  if (!result) return { text: '', abstained: true, sources, cited: [], confidence, passages: [] };
  const used = result.cited.map((i) => top[i]).filter((h): h is Hit => !!h);
  return {
    text: result.text,
    abstained: false,
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
function quoted(scored: Scored[], model: ModelWeights): Scored[] {
  const best = scored[0]!;
  const chosen = [best];
  for (const c of scored.slice(1)) {
    if (chosen.length >= 3 || chosen.reduce((n, x) => n + x.sentence.length, 0) > MAX_ANSWER_CHARS) break;
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

/** The two best sentences from different passages, with where they come from. */
function helpful(scored: Scored[]): MaybeHelpful[] {
  const out: MaybeHelpful[] = [];
  for (const c of scored) {
    if (out.length >= 2) break;
    if (out.some((o) => o.source.file === c.hit.chunk.file)) continue;
    out.push({ text: c.sentence, source: distinctSources([c.hit])[0]! });
  }
  return out;
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
