import type { OpenAIEmbeddings } from '@langchain/openai';
import type { StoredChunk } from '../storage/knowledgeStore.js';
import type { Hit } from './searchIndex.js';

export interface EmbeddingsConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
}

/** What hybrid retrieval needs from an embeddings endpoint. */
export interface Embedder {
  model: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** Any OpenAI-compatible embeddings endpoint through LangChain (OpenAI, Mistral, Albert, Ollama…). */
export function createEmbedder(config: EmbeddingsConfig): Embedder {
  // LangChain's OpenAI client is loaded when first used, not at every start.
  let loaded: Promise<OpenAIEmbeddings> | undefined;
  const client = () =>
    (loaded ??= import('@langchain/openai').then(
      ({ OpenAIEmbeddings }) =>
        new OpenAIEmbeddings({
          model: config.model,
          apiKey: config.apiKey,
          batchSize: 64,
          maxRetries: 1,
          configuration: { baseURL: config.baseUrl },
        }),
    ));
  return {
    model: config.model,
    embedDocuments: async (texts) => (await client()).embedDocuments(texts),
    embedQuery: async (text) => (await client()).embedQuery(text),
  };
}

function normalize(v: number[]): Float32Array {
  const out = Float32Array.from(v);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** Chunk vectors in memory (normalised), searched by cosine similarity within the allowed scopes. */
export class VectorIndex {
  private readonly vectors: { chunk: StoredChunk; vector: Float32Array }[];

  constructor(chunks: StoredChunk[], vectors: Map<string, number[]>) {
    this.vectors = chunks.flatMap((chunk) => {
      const v = vectors.get(chunk.id);
      return v ? [{ chunk, vector: normalize(v) }] : [];
    });
  }

  get size(): number {
    return this.vectors.length;
  }

  search(query: number[], scopes: string[] | undefined, limit: number): Hit[] {
    const q = normalize(query);
    const scored: Hit[] = [];
    for (const { chunk, vector } of this.vectors) {
      if (scopes && !scopes.includes(chunk.scope)) continue;
      let dot = 0;
      for (let i = 0; i < q.length && i < vector.length; i++) dot += q[i]! * vector[i]!;
      scored.push({ chunk, score: dot });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/** Reciprocal rank fusion: each list votes 1/(60 + rank) for its chunks; robust to the lists' different scales. */
export function fuseRankings(lists: Hit[][], limit: number): Hit[] {
  const fused = new Map<string, Hit>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const prior = fused.get(hit.chunk.id);
      fused.set(hit.chunk.id, { chunk: hit.chunk, score: (prior?.score ?? 0) + 1 / (60 + rank + 1) });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
