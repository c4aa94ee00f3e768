import type { StoredChunk } from '../storage/knowledgeStore.js';
import type { Analyzer } from './analyzer.js';
import { sentencesOf } from './sentences.js';

export interface Hit {
  chunk: StoredChunk;
  score: number;
}

export interface SearchIndexOptions {
  /**
   * A query term also finds the document terms it is a prefix of (≥ 4 letters; a stem of 7 or more less its last
   * letter): a cheap net for stemming misses.
   */
  prefixMatching: boolean;
}

/** BM25 parameters; fields are folded into one bag of words with these weights (headings say what a chunk is about). */
const K1 = 1.2;
const B = 0.75;
const FIELD_WEIGHTS = { text: 1, heading: 2, title: 2 };
const MAX_PREFIX_EXPANSIONS = 16;

/**
 * An in-memory BM25 index over the stored chunks, with the analyzer as a parameter (the French one for
 * the product, plain words for the baseline). Postings are typed arrays with each posting's BM25 weight
 * precomputed, so a query is a few array walks: ~1 ms on 10,000 chunks where a general-purpose engine
 * (Orama, tried first) took 10–35 ms. It also keeps each chunk's terms and document frequencies, which the
 * answerer uses to judge whether a passage really covers the question.
 */
export interface AnalysedPassage {
  headingTerms: string[];
  sentences: string[];
  termSets: Set<string>[];
}

export class SearchIndex {
  private readonly passages = new Map<string, AnalysedPassage>();
  private readonly chunks: StoredChunk[] = [];
  private readonly scopeOf: Uint16Array;
  private readonly scopes = new Map<string, number>();
  private readonly terms: Set<string>[] = [];
  private readonly positionOf = new Map<string, number>();
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float32Array }>();
  private readonly sortedVocabulary: string[];
  private readonly scores: Float64Array;

  private constructor(
    chunks: StoredChunk[],
    readonly analyze: Analyzer,
    private readonly options: SearchIndexOptions,
  ) {
    const n = chunks.length;
    this.scopeOf = new Uint16Array(n);
    this.scores = new Float64Array(n);
    const tfs: Map<string, number>[] = [];
    const lengths = new Float64Array(n);
    chunks.forEach((c, i) => {
      this.chunks.push(c);
      this.positionOf.set(c.id, i);
      if (!this.scopes.has(c.scope)) this.scopes.set(c.scope, this.scopes.size);
      this.scopeOf[i] = this.scopes.get(c.scope)!;
      const tf = new Map<string, number>();
      let length = 0;
      for (const [field, text] of [
        ['text', c.text],
        ['heading', c.heading ?? ''],
        ['title', c.title],
      ] as const) {
        const weight = FIELD_WEIGHTS[field];
        for (const term of analyze(text).flat()) {
          tf.set(term, (tf.get(term) ?? 0) + weight);
          length += weight;
        }
      }
      tfs.push(tf);
      lengths[i] = length;
      this.terms.push(new Set(tf.keys()));
    });
    const avgLength = n ? lengths.reduce((a, b) => a + b, 0) / n : 1;
    const lists = new Map<string, { docs: number[]; tfs: number[] }>();
    tfs.forEach((tf, doc) => {
      for (const [term, f] of tf) {
        const list = lists.get(term) ?? { docs: [], tfs: [] };
        lists.set(term, list);
        list.docs.push(doc);
        list.tfs.push(f);
      }
    });
    for (const [term, list] of lists) {
      const idf = this.idfFor(list.docs.length, n);
      const weights = new Float32Array(list.docs.length);
      list.docs.forEach((doc, k) => {
        const f = list.tfs[k]!;
        weights[k] = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[doc]!) / avgLength));
      });
      this.postings.set(term, { docs: Int32Array.from(list.docs), weights });
    }
    this.sortedVocabulary = [...this.postings.keys()].sort();
  }

  static async build(
    chunks: StoredChunk[],
    analyze: Analyzer,
    options: SearchIndexOptions = { prefixMatching: true },
  ): Promise<SearchIndex> {
    return new SearchIndex(chunks, analyze, options);
  }

  get size(): number {
    return this.chunks.length;
  }

  /** Best chunks for the question, restricted to the given scopes (all when undefined). */
  search(question: string, scopes: string[] | undefined, limit: number): Hit[] {
    const queryTerms = new Set(this.analyze(question).flat());
    const touched: number[] = [];
    const scores = this.scores;
    const add = (term: string, factor: number) => {
      const p = this.postings.get(term);
      if (!p) return;
      for (let k = 0; k < p.docs.length; k++) {
        const doc = p.docs[k]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = scores[doc]! + p.weights[k]! * factor;
      }
    };
    for (const term of queryTerms) {
      add(term, 1);
      // A long stem also finds the words of its family that differ in its last letter only, which the
      // Snowball stemmer leaves apart ("inscrir" → "inscrit", "inscript"; "produir" → "produit").
      const prefix = term.length >= 7 ? term.slice(0, -1) : term;
      if (this.options.prefixMatching && term.length >= 4)
        for (const longer of this.expansions(prefix))
          if (longer !== term) add(longer, Math.min(1, term.length / longer.length));
    }
    const allowed = scopes
      ? new Set(scopes.map((s) => this.scopes.get(s)).filter((s): s is number => s !== undefined))
      : undefined;
    const top: { doc: number; score: number }[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      scores[doc] = 0;
      if (allowed && !allowed.has(this.scopeOf[doc]!)) continue;
      if (top.length < limit || score > top[top.length - 1]!.score) {
        top.push({ doc, score });
        top.sort((a, b) => b.score - a.score);
        if (top.length > limit) top.pop();
      }
    }
    return top.map(({ doc, score }) => ({ chunk: this.chunks[doc]!, score }));
  }

  /** Vocabulary terms that strictly extend `term` (binary search in the sorted vocabulary). */
  private expansions(term: string): string[] {
    const vocab = this.sortedVocabulary;
    let lo = 0;
    let hi = vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vocab[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < vocab.length && out.length < MAX_PREFIX_EXPANSIONS && vocab[i]!.startsWith(term); i++) {
      if (vocab[i] !== term) out.push(vocab[i]!);
    }
    return out;
  }

  private idfFor(df: number, n: number): number {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Inverse document frequency; a term no chunk contains weighs the most. */
  idf(term: string): number {
    return this.idfFor(this.postings.get(term)?.docs.length ?? 0, this.chunks.length);
  }

  /** A group's weight: the idf of its most common spelling (an unknown variant should not inflate it). */
  groupIdf(group: string[]): number {
    return Math.min(...group.map((t) => this.idf(t)));
  }

  /** Whether any document holds one of the group's terms (or, with prefix matching, a longer word of it). */
  knows(group: string[]): boolean {
    return group.some(
      (t) => this.postings.has(t) || (this.options.prefixMatching && t.length >= 4 && this.expansions(t).length > 0),
    );
  }

  /** The largest idf a term can have here (a term no chunk holds): what idfs are measured against. */
  get maxIdf(): number {
    return this.idfFor(0, this.chunks.length);
  }

  /** Share of the question's weight that a set of terms covers (0..1). */
  coverage(groups: string[][], terms: Set<string>): number {
    const total = groups.reduce((s, g) => s + this.groupIdf(g), 0);
    if (!total) return 0;
    return groups.reduce((s, g) => s + (g.some((t) => terms.has(t)) ? this.groupIdf(g) : 0), 0) / total;
  }

  /** A passage's heading terms, sentences and each sentence's terms: analysed once, not at every question. */
  analysedPassage(chunk: Pick<StoredChunk, 'id' | 'text' | 'heading'>): AnalysedPassage {
    let analysed = this.passages.get(chunk.id);
    if (!analysed) {
      const sentences = sentencesOf(chunk.text);
      analysed = {
        headingTerms: this.analyze(`${chunk.heading ?? ''}`).flat(),
        sentences,
        termSets: sentences.map((s) => new Set(this.analyze(s).flat())),
      };
      this.passages.set(chunk.id, analysed);
    }
    return analysed;
  }

  termsOf(chunkId: string): Set<string> {
    const i = this.positionOf.get(chunkId);
    return (i !== undefined && this.terms[i]) || new Set();
  }
}
