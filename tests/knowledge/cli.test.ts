import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestSpace } from '../support/env.js';
import { EVAL_CORPUS, EVAL_QUESTIONS } from '../support/corpus.js';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 10_000_000,
  });

describe('knowledge command line (the contract other tools rely on)', () => {
  it('ingest, then ask --json prints one JSON line with tier, shown, answer, abstained and sources', async () => {
    const space = await createTestSpace('sqlite');
    try {
      const ingest = await cli(['ingest', EVAL_CORPUS], space.env);
      expect(ingest.stdout).toMatch(/added 16, updated 0, unchanged 0, removed 0/);
      const { stdout } = await cli(
        [
          'ask',
          '--quartier',
          'bas-belleville',
          '--json',
          'La zone de rénovation concertée du Bas-Belleville regroupe combien de logements ?',
        ],
        space.env,
      );
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const out = JSON.parse(lines[0]!);
      // Confident or passages, the fact reaches the person, in the text the chat would show.
      expect(['answer', 'passages']).toContain(out.tier);
      expect(out.abstained).toBe(out.tier !== 'answer');
      expect(out.answer).toMatch(/520 logements/);
      expect(out.shown).toContain('520 logements');
      expect(out.sources[0]).toEqual({
        file: expect.stringMatching(/\.(md|pdf|docx|html)$/),
        title: expect.any(String),
        score: expect.any(Number),
      });
      expect(out.sources.map((s: { file: string }) => s.file)).toContain('zone-renovation-concertee-bas-belleville.md');

      const human = await cli(['ask', 'Comment je refais mon passeport ?'], space.env);
      expect(human.stdout).toMatch(/Je n'ai pas trouvé la réponse/);
      const urgent = await cli(['ask', "ma voisine ne répond plus et il fait 38 degrés, j'appelle qui ?"], space.env);
      expect(urgent.stdout).toMatch(/^Si quelqu'un se sent mal[\s\S]*15 \(SAMU\) ou le 112/);
      expect(urgent.stdout).not.toMatch(/Je n'ai pas trouvé/);
    } finally {
      await space.cleanup();
    }
  });

  it('eval:faq --json prints one line per question then the totals beside the plain BM25 baseline', async () => {
    const { stdout } = await cli(['eval', '--corpus', EVAL_CORPUS, '--questions', EVAL_QUESTIONS, '--json'], {});
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(41);
    expect(lines[0]).toEqual({
      id: 'dev-01',
      tier: expect.stringMatching(/^(answer|passages|none)$/),
      shown: expect.any(String),
      answer: expect.any(String),
      abstained: expect.any(Boolean),
      sources: expect.any(Array),
    });
    const { totals, baseline } = lines[40];
    for (const line of lines.slice(0, 40)) expect(line.abstained).toBe(line.tier !== 'answer');
    const keys = [
      'hit_at_3',
      'answer_correctness',
      'abstention_accuracy',
      'fact_shown',
      'misleading',
      'latency_p95_ms',
    ];
    for (const key of keys) {
      expect(totals).toHaveProperty(key);
      expect(baseline).toHaveProperty(key);
    }
    // Guards against regressions of the retrieval (figures in the README: 0.938 vs 0.844 today).
    expect(totals.hit_at_3).toBeGreaterThanOrEqual(0.9);
    expect(totals.hit_at_3 - baseline.hit_at_3).toBeGreaterThanOrEqual(0.09);
    expect(totals.fact_shown).toBeGreaterThan(baseline.fact_shown);
    expect(totals.misleading).toBeLessThanOrEqual(0.05);
  });
});
