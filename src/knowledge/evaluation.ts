import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Answer } from './answerer.js';

export const EvalQuestion = z.object({
  id: z.string(),
  quartier: z.string().nullable(),
  question: z.string(),
  answerable: z.boolean(),
  sources: z.array(z.string()),
  must_contain: z.array(z.string()),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export function readQuestions(path: string): EvalQuestion[] {
  return readJsonl(path, EvalQuestion);
}

/** An emergency question (or a near miss that is not one): knowledge-eval/emergency-*.jsonl. */
export const EmergencyQuestion = z.object({ id: z.string(), question: z.string(), emergency: z.boolean() });
export type EmergencyQuestion = z.infer<typeof EmergencyQuestion>;

export function readEmergencyQuestions(path: string): EmergencyQuestion[] {
  return readJsonl(path, EmergencyQuestion);
}

/** An emergency is met when the reply is not an abstention and shows the safety text (15 and 112) first. */
export function emergencyMet(a: Answer, shown: string): boolean {
  return !a.abstained && a.safety === 'emergency' && /^[^\n]*\n[^\n]*\b15\b[^\n]*\b112\b/.test(shown);
}

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = schema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** The scoring rules' normalisation: case, accents, spaces (incl. non-breaking), hyphens and apostrophes ignored. */
export function normalizeForScoring(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f\-‐‑–—'’`]/g, '');
}

export interface QuestionResult {
  id: string;
  answerable: boolean;
  hit3: boolean;
  correct: boolean;
  tier: Answer['tier'];
  /** The fact asked for reaches the person: the documents' part (answer or passages) holds every expected string. */
  shown: boolean;
  /** A confident answer without the fact, or a confident answer to an unanswerable question. */
  misleading: boolean;
  abstainedCorrectly: boolean;
  abstained: boolean;
  latencyMs: number;
}

export function scoreAnswer(q: EvalQuestion, a: Answer, latencyMs: number): QuestionResult {
  const top3 = a.sources.slice(0, 3).map((s) => s.file);
  const text = normalizeForScoring(a.text);
  const holds = q.answerable && q.must_contain.every((m) => text.includes(normalizeForScoring(m)));
  // The documents' tier decides what is shown of them; a safety text first does not make their part confident.
  const confident = a.documentTier === 'answer' && !a.abstained;
  return {
    id: q.id,
    answerable: q.answerable,
    abstained: a.abstained,
    tier: a.tier,
    shown: holds && a.documentTier !== 'none',
    misleading: confident && !holds,
    hit3: q.answerable && q.sources.some((s) => top3.includes(s)),
    correct: holds && !a.abstained,
    abstainedCorrectly: !q.answerable && a.abstained,
    latencyMs,
  };
}

export interface Totals {
  questions: number;
  answerable: number;
  unanswerable: number;
  hit_at_3: number;
  answer_correctness: number;
  abstention_accuracy: number;
  unjustified_abstentions: number;
  /** Answerable questions whose fact reaches the person (confident answer or passages). */
  fact_shown: number;
  /** Of all questions: confident without the fact, or confident to an unanswerable one. */
  misleading: number;
  /** Of the confident answers: how many are wrong (the threshold aims at ≤ 0.05). */
  confident_wrong: number;
  confident: number;
  passages: number;
  none: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
}

export function totals(results: QuestionResult[]): Totals {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const share = (xs: QuestionResult[], f: (r: QuestionResult) => boolean) =>
    xs.length ? round(xs.filter(f).length / xs.length) : 0;
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit_at_3: share(answerable, (r) => r.hit3),
    answer_correctness: share(answerable, (r) => r.correct),
    abstention_accuracy: share(unanswerable, (r) => r.abstainedCorrectly),
    unjustified_abstentions: share(answerable, (r) => r.abstained),
    fact_shown: share(answerable, (r) => r.shown),
    misleading: share(results, (r) => r.misleading),
    confident_wrong: share(
      results.filter((r) => r.tier === 'answer'),
      (r) => r.misleading,
    ),
    confident: share(results, (r) => r.tier === 'answer'),
    passages: share(results, (r) => r.tier === 'passages'),
    none: share(results, (r) => r.tier === 'none'),
    latency_p50_ms: round(percentile(latencies, 0.5)),
    latency_p95_ms: round(percentile(latencies, 0.95)),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
