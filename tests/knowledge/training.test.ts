import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { readQuestions } from '../../src/knowledge/evaluation.js';
import { trainAnswerModel, writeModel } from '../../src/knowledge/training.js';
import { TRAINING_SETS } from '../../src/knowledge/trainCli.js';
import { EVAL_CORPUS, EVAL_DIR } from '../support/corpus.js';

describe('npm run train:faq', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relais-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces the committed weights, and its cross-validated figures keep abstention first', async () => {
    const sets = TRAINING_SETS.map((f) => f.replace('knowledge-eval', EVAL_DIR));
    const questions = sets.flatMap((f) => readQuestions(f));
    expect(questions.length).toBeGreaterThanOrEqual(150);
    const report = await trainAnswerModel(EVAL_CORPUS, questions, loadConfig({}), createLogger('silent'));
    const out = join(dir, 'weights.json');
    writeModel(out, report.model);
    expect(readFileSync(out, 'utf8')).toBe(
      readFileSync(new URL('../../src/knowledge/answerModel.weights.json', import.meta.url), 'utf8'),
    );
    expect(report.crossValidated.hit_at_3).toBeGreaterThanOrEqual(0.95);
    expect(report.crossValidated.abstention_accuracy).toBeGreaterThanOrEqual(0.8);
  }, 360_000); // a ceiling for a busy machine
});
