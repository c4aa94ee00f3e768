import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The evaluation corpus (md, pdf, docx, html) and its labelled questions, kept in the repository
 * (`knowledge-eval/`) so that a fresh clone tests with nothing beside it. `KNOWLEDGE_EVAL_DIR` points elsewhere.
 */
export const EVAL_DIR = resolve(process.env.KNOWLEDGE_EVAL_DIR ?? 'knowledge-eval');
export const EVAL_CORPUS = join(EVAL_DIR, 'corpus');
export const EVAL_QUESTIONS = join(EVAL_DIR, 'questions-dev.jsonl');

/** A private, writable copy of the corpus (tests change and remove files). */
export function copyCorpus(): string {
  if (!existsSync(EVAL_CORPUS))
    throw new Error(`The evaluation corpus is missing at ${EVAL_CORPUS} (set KNOWLEDGE_EVAL_DIR)`);
  const dir = mkdtempSync(join(tmpdir(), 'relais-corpus-'));
  cpSync(EVAL_CORPUS, dir, { recursive: true });
  return dir;
}
