import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_KINDS, createTestSpace, type TestSpace } from '../support/env.js';
import { copyCorpus } from '../support/corpus.js';
import { startLlmStandIn } from '../support/llmStandIn.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { KnowledgeStore } from '../../src/storage/knowledgeStore.js';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase.js';
import { createEmbedder } from '../../src/knowledge/embeddings.js';
import { createLogger } from '../../src/logger.js';
import { foldText } from '../../src/i18n/folding.js';

/**
 * The stand-in's "model": one dimension per topic, so that texts with no word in common are close (what a
 * real embedding model does, and what BM25 cannot): "does it stink?" is near "ne sent pas mauvais".
 */
const TOPICS = [
  ['pue', 'puer', 'sent pas mauvais', 'mauvaises odeurs', 'stink'],
  ['compost', 'biodechets'],
  ['canicule', 'heatwave'],
  ['velo', 'bike'],
];
function embed(text: string): number[] {
  const folded = ` ${foldText(text)} `;
  return [...TOPICS.map((t) => (t.some((p) => folded.includes(` ${p} `)) ? 1 : 0)), 0.01]; // never a zero vector
}

describe.each(DB_KINDS)('hybrid retrieval with an OpenAI-compatible embeddings endpoint (%s)', (kind) => {
  let llm: Awaited<ReturnType<typeof startLlmStandIn>>;
  let space: TestSpace;
  let db: Db;
  let corpus: string;
  const kbWith = (baseUrl: string) =>
    new KnowledgeBase(new KnowledgeStore(db, () => new Date()), {
      quartierIds: ['ilot-13', 'rosa-parks', 'bas-belleville'],
      embedder: createEmbedder({ baseUrl, apiKey: 'test', model: 'stand-in-embed' }),
      logger: createLogger('silent'),
    });
  beforeAll(async () => {
    llm = await startLlmStandIn(() => '{"answer": null}', embed);
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database);
    corpus = copyCorpus();
  });
  afterAll(async () => {
    await llm.close();
    await db.destroy();
    await space.cleanup();
  });

  it('embeds every chunk once (stored), and brings a passage BM25 cannot find into the sources', async () => {
    const kb = kbWith(llm.baseUrl);
    await kb.ingest([corpus]);
    const lexicalOnly = new KnowledgeBase(new KnowledgeStore(db, () => new Date()), {
      quartierIds: ['ilot-13', 'rosa-parks', 'bas-belleville'],
      logger: createLogger('silent'),
    });
    const question = 'Does it stink?'; // no word BM25 can match
    const lexical = await lexicalOnly.ask(question);
    expect(lexical.sources.map((s) => s.file)).not.toContain('services-mutualises-immeubles.docx');

    const hybrid = await kb.ask(question);
    expect(hybrid.sources.map((s) => s.file)).toContain('services-mutualises-immeubles.docx'); // "ne sent pas mauvais"
    const chunks = (await db.selectFrom('kb_chunks').select('id').execute()).length;
    expect(llm.embedded.length).toBe(chunks + 1); // every chunk, and the question
    expect((await db.selectFrom('kb_vectors').select('chunk_id').execute()).length).toBe(chunks);

    // Another process (or a restart) reuses the stored vectors: only its questions are embedded.
    const before = llm.embedded.length;
    await kbWith(llm.baseUrl).ask('Le composteur, ça sent mauvais ?');
    expect(llm.embedded.length).toBe(before + 1);

    // A changed document: only its chunks are embedded again.
    appendFileSync(join(corpus, 'general/canicule-bons-gestes.md'), '\n\nFermez les volets le jour.\n');
    await kb.ingest([corpus]);
    await kb.ask('canicule');
    const reembedded = llm.embedded.slice(before + 1, -1);
    const changedChunks = await db
      .selectFrom('kb_chunks')
      .innerJoin('kb_documents', 'kb_documents.id', 'kb_chunks.document_id')
      .select('kb_chunks.id')
      .where('kb_documents.file', '=', 'canicule-bons-gestes.md')
      .execute();
    expect(reembedded).toHaveLength(changedChunks.length);
    expect(reembedded.every((t) => t.startsWith('Fortes chaleurs'))).toBe(true); // that document's title
  });

  it('keeps answering from BM25 alone when the embeddings endpoint is down', async () => {
    const kb = kbWith('http://127.0.0.1:9/v1');
    const answer = await kb.ask('La zone de rénovation concertée du Bas-Belleville regroupe combien de logements ?', {
      quartier: 'bas-belleville',
    });
    // Confident or as passages: the fact still reaches the person.
    expect(answer.tier).not.toBe('none');
    expect(answer.text).toMatch(/520 logements/);
  });
});
