/**
 * FAQ benchmark: the evaluation corpus replicated to ≥ 10,000 chunks, ingested into a fresh SQLite store,
 * then every evaluation question asked several times. Prints figures, then one JSON line.
 *   npm run bench:faq [-- --corpus DIR --questions FILE --min-chunks N]
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/storage/database.js';
import { KnowledgeStore } from '../src/storage/knowledgeStore.js';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { readQuestions, percentile } from '../src/knowledge/evaluation.js';
import { createLogger } from '../src/logger.js';
import { loadConfig } from '../src/config.js';
import { plainWords } from '../src/knowledge/analyzer.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'knowledge-eval/corpus' },
    questions: { type: 'string', default: 'knowledge-eval/questions-dev.jsonl' },
    'min-chunks': { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const corpus = resolve(values.corpus!);
const minChunks = Number(values['min-chunks']);
const work = mkdtempSync(join(tmpdir(), 'relais-bench-faq-'));
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);

async function main() {
  const quartierIds = ['ilot-13', 'rosa-parks', 'bas-belleville'];
  const newKb = async (name: string) => {
    const db = await openDatabase({ kind: 'sqlite', path: join(work, `${name}.sqlite`) });
    return {
      db,
      // As the product reads documents: in a parsing thread, within KB_PARSE_* limits.
      kb: new KnowledgeBase(new KnowledgeStore(db, () => new Date()), {
        quartierIds,
        logger: createLogger('silent'),
        parseLimits: loadConfig().knowledge.parseLimits,
      }),
    };
  };

  // How many chunks one copy of the corpus makes.
  const probe = await newKb('probe');
  const perCopy = (await probe.kb.ingest([corpus])).chunks;
  await probe.db.destroy();
  const copies = Math.ceil(minChunks / perCopy);

  // Lay out `copies` copies, each scope folder keeping its scope.
  const root = join(work, 'corpus');
  for (const scope of readdirSync(corpus)) {
    for (let i = 0; i < copies; i++) {
      const target = join(root, scope, `copy-${i}`);
      mkdirSync(target, { recursive: true });
      cpSync(join(corpus, scope), target, { recursive: true });
    }
  }

  const { db, kb } = await newKb('bench');
  let started = performance.now();
  const report = await kb.ingest([root]);
  const ingestS = (performance.now() - started) / 1000;
  started = performance.now();
  const index = await kb.currentIndex();
  const indexS = (performance.now() - started) / 1000;

  const questions = readQuestions(resolve(values.questions!));
  const retrieval: number[] = [];
  const answering: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const q of questions) {
      const scopes = q.quartier ? ['general', q.quartier] : undefined;
      let t = performance.now();
      index.search(q.question, scopes, 8);
      retrieval.push(performance.now() - t);
      t = performance.now();
      await kb.ask(q.question, { quartier: q.quartier ?? undefined });
      answering.push(performance.now() - t);
    }
    sample();
  }
  // What the product holds peaks here: ingest, index, answers. The baseline's own index comes after.
  sample();
  const productPeak = peakRss;
  // The bare baseline, same run, same chunks: plain BM25 over lower-cased words (no French analysis).
  const plainRetrieval: number[] = [];
  const plainIndex = await new KnowledgeBase(new KnowledgeStore(db, () => new Date()), {
    quartierIds,
    logger: createLogger('silent'),
    analyzer: plainWords,
  }).currentIndex();
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const q of questions) {
      const t = performance.now();
      plainIndex.search(q.question, q.quartier ? ['general', q.quartier] : undefined, 8);
      plainRetrieval.push(performance.now() - t);
    }
  }
  retrieval.sort((a, b) => a - b);
  plainRetrieval.sort((a, b) => a - b);
  answering.sort((a, b) => a - b);
  await db.destroy();
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const result = {
    chunks: index.size,
    documents: report.added.length,
    corpus_copies: copies,
    ingest_s: r2(ingestS),
    index_build_s: r2(indexS),
    queries: retrieval.length,
    retrieval_p50_ms: r2(percentile(retrieval, 0.5)),
    retrieval_p95_ms: r2(percentile(retrieval, 0.95)),
    plain_bm25_p95_ms: r2(percentile(plainRetrieval, 0.95)),
    answer_p50_ms: r2(percentile(answering, 0.5)),
    answer_p95_ms: r2(percentile(answering, 0.95)),
    rss_mb: Math.round(productPeak / 1024 / 1024),
  };
  console.log(`${result.documents} documents, ${result.chunks} chunks (${copies} copies of the corpus)`);
  console.log(`ingest ${result.ingest_s} s, index build ${result.index_build_s} s`);
  console.log(
    `retrieval p50 ${result.retrieval_p50_ms} ms, p95 ${result.retrieval_p95_ms} ms over ${result.queries} queries ` +
      `(plain BM25, same run: p95 ${result.plain_bm25_p95_ms} ms)`,
  );
  console.log(
    `full answer p50 ${result.answer_p50_ms} ms, p95 ${result.answer_p95_ms} ms; peak RSS ${result.rss_mb} MB`,
  );
  console.log(JSON.stringify(result));
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    clearInterval(sampler);
    rmSync(work, { recursive: true, force: true });
  });
