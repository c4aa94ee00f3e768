import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import type { StoredChunk } from '../storage/knowledgeStore.js';
import type { Analyzer } from './analyzer.js';

export interface Hit {
  chunk: StoredChunk;
  score: number;
}

/**
 * BM25 full-text index (Orama) over the stored chunks, with a pluggable analyzer: the French one for the
 * product, plain words for the baseline. Also keeps each chunk's terms and document frequencies, which
 * the answerer uses to decide whether a passage really covers the question.
 */
export class SearchIndex {
  private readonly byId = new Map<string, StoredChunk>();
  private readonly terms = new Map<string, Set<string>>();
  private readonly df = new Map<string, number>();

  private constructor(private readonly orama: AnyOrama, readonly analyze: Analyzer) {}

  static async build(chunks: StoredChunk[], analyze: Analyzer): Promise<SearchIndex> {
    const orama = create({
      schema: { text: 'string', heading: 'string', title: 'string', scope: 'enum' } as const,
      components: { tokenizer: { language: 'french', normalizationCache: new Map(), tokenize: (raw: string) => analyze(raw).flat() } },
    });
    const index = new SearchIndex(orama, analyze);
    for (const c of chunks) {
      index.byId.set(c.id, c);
      const set = new Set(analyze(`${c.title}\n${c.heading ?? ''}\n${c.text}`).flat());
      index.terms.set(c.id, set);
      for (const t of set) index.df.set(t, (index.df.get(t) ?? 0) + 1);
    }
    await insertMultiple(
      orama,
      chunks.map((c) => ({ id: c.id, text: c.text, heading: c.heading ?? '', title: c.title, scope: c.scope })),
      1000,
    );
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Best chunks for the question, restricted to the given scopes (all when undefined). */
  search(question: string, scopes: string[] | undefined, limit: number): Hit[] {
    const result = search(this.orama, {
      term: question,
      properties: ['text', 'heading', 'title'],
      boost: { heading: 1.2, title: 0.3 },
      limit,
      ...(scopes ? { where: { scope: { in: scopes } } } : {}),
    });
    if (result instanceof Promise) throw new Error('Orama search is expected to be synchronous here');
    return result.hits.map((h) => ({ chunk: this.byId.get(String(h.id))!, score: h.score })).filter((h) => h.chunk);
  }

  /** Inverse document frequency; a term no chunk contains weighs the most. */
  idf(term: string): number {
    const n = this.byId.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A group's weight: the idf of its most common spelling (an unknown variant should not inflate it). */
  groupIdf(group: string[]): number {
    return Math.min(...group.map((t) => this.idf(t)));
  }

  /** Share of the question's weight that a set of terms covers (0..1). */
  coverage(groups: string[][], terms: Set<string>): number {
    const total = groups.reduce((s, g) => s + this.groupIdf(g), 0);
    if (!total) return 0;
    return groups.reduce((s, g) => s + (g.some((t) => terms.has(t)) ? this.groupIdf(g) : 0), 0) / total;
  }

  termsOf(chunkId: string): Set<string> {
    return this.terms.get(chunkId) ?? new Set();
  }
}
