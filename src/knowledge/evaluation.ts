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
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = EvalQuestion.safeParse(JSON.parse(l));
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
  abstainedCorrectly: boolean;
  abstained: boolean;
  latencyMs: number;
}

export function scoreAnswer(q: EvalQuestion, a: Answer, latencyMs: number): QuestionResult {
  const top3 = a.sources.slice(0, 3).map((s) => s.file);
  const text = normalizeForScoring(a.text);
  return {
    id: q.id,
    answerable: q.answerable,
    abstained: a.abstained,
    hit3: q.answerable && q.sources.some((s) => top3.includes(s)),
    correct: q.answerable && !a.abstained && q.must_contain.every((m) => text.includes(normalizeForScoring(m))),
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
    latency_p50_ms: round(percentile(latencies, 0.5)),
    latency_p95_ms: round(percentile(latencies, 0.95)),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
