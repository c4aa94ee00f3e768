import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';
import type { Chunk } from '../knowledge/chunks.js';

export interface StoredChunk {
  id: string;
  file: string;
  title: string;
  scope: string;
  heading: string | null;
  page: number | null;
  text: string;
}

export interface DocumentSummary {
  id: string;
  path: string;
  file: string;
  scope: string;
  title: string;
  ingestedAt: string;
  /** Its chunks: the passages answers are taken from. */
  passages: number;
}

/** Documents and their chunks, stored so every process builds the same index. */
/** A document as the console lists it: grouped by these, with its number of passages. */
const SUMMARY_COLUMNS = [
  'kb_documents.id',
  'kb_documents.path',
  'kb_documents.file',
  'kb_documents.scope',
  'kb_documents.title',
  'kb_documents.ingested_at',
] as const;

export class KnowledgeStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async documents(): Promise<{ id: string; path: string; sha256: string }[]> {
    return this.db.selectFrom('kb_documents').select(['id', 'path', 'sha256']).execute();
  }

  /** Replaces a document (same path) and its chunks in one transaction. */
  async put(
    doc: { path: string; file: string; scope: string; title: string; sha256: string },
    chunks: Chunk[],
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('kb_documents').where('path', '=', doc.path).execute();
      const id = randomUUID();
      await tx
        .insertInto('kb_documents')
        .values({ id, ...doc, ingested_at: this.now().toISOString() })
        .execute();
      for (let i = 0; i < chunks.length; i += 200) {
        await tx
          .insertInto('kb_chunks')
          .values(
            chunks.slice(i, i + 200).map((c) => ({
              id: randomUUID(),
              document_id: id,
              position: c.position,
              text: c.text,
              heading: c.heading,
              page: c.page,
            })),
          )
          .execute();
      }
    });
  }

  /** The documents of these scopes with their number of passages (chunks), for the console's *Documents*. */
  async summaries(scopes: string[]): Promise<DocumentSummary[]> {
    if (!scopes.length) return [];
    const rows = await this.db
      .selectFrom('kb_documents')
      .leftJoin('kb_chunks', 'kb_chunks.document_id', 'kb_documents.id')
      .select((eb) => [...SUMMARY_COLUMNS, eb.fn.count<number | string>('kb_chunks.id').as('passages')])
      .where('kb_documents.scope', 'in', scopes)
      .groupBy([...SUMMARY_COLUMNS])
      .orderBy('kb_documents.scope')
      .orderBy('kb_documents.file')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      file: r.file,
      scope: r.scope,
      title: r.title,
      ingestedAt: r.ingested_at,
      passages: Number(r.passages),
    }));
  }

  async remove(path: string): Promise<void> {
    await this.db.deleteFrom('kb_documents').where('path', '=', path).execute();
  }

  async chunks(): Promise<StoredChunk[]> {
    return this.db
      .selectFrom('kb_chunks')
      .innerJoin('kb_documents', 'kb_documents.id', 'kb_chunks.document_id')
      .select([
        'kb_chunks.id',
        'kb_documents.file',
        'kb_documents.title',
        'kb_documents.scope',
        'kb_chunks.heading',
        'kb_chunks.page',
        'kb_chunks.text',
      ])
      .orderBy('kb_documents.file')
      .orderBy('kb_chunks.position')
      .execute();
  }

  /** Stored embeddings of this model, by chunk id. */
  async vectors(model: string): Promise<Map<string, number[]>> {
    const rows = await this.db
      .selectFrom('kb_vectors')
      .select(['chunk_id', 'vector'])
      .where('model', '=', model)
      .execute();
    return new Map(rows.map((r) => [r.chunk_id, JSON.parse(r.vector) as number[]]));
  }

  async putVectors(model: string, rows: { chunkId: string; vector: number[] }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.db
        .insertInto('kb_vectors')
        .values(rows.slice(i, i + 200).map((r) => ({ chunk_id: r.chunkId, model, vector: JSON.stringify(r.vector) })))
        .onConflict((oc) => oc.columns(['chunk_id', 'model']).doNothing())
        .execute();
    }
  }

  /** Changes whenever documents are added, replaced or removed: processes compare it to know when to reload. */
  async version(): Promise<string> {
    const row = await this.db
      .selectFrom('kb_documents')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('ingested_at').as('last')])
      .executeTakeFirstOrThrow();
    return `${row.n}:${row.last ?? ''}`;
  }
}
