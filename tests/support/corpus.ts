import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The shared evaluation corpus (md, pdf, docx, html), laid beside the repository in development and CI. */
export const EVAL_DIR = resolve(process.env.KNOWLEDGE_EVAL_DIR ?? '../shared/knowledge-eval');
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
