import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeStore } from '../storage/knowledgeStore.js';
import { KnowledgeBase } from './knowledgeBase.js';
import { createGroundedLlm } from './llm.js';
import { createEmbedder } from './embeddings.js';
import type { Analyzer } from './analyzer.js';

/** Builds the knowledge base from the configuration (LLM only when LLM_BASE_URL is set). */
export function createKnowledgeBase(
  store: KnowledgeStore,
  config: Config,
  logger: Logger,
  analyzer?: Analyzer,
): KnowledgeBase {
  return new KnowledgeBase(store, {
    quartierIds: config.quartiers.map((q) => q.id),
    quartierNames: Object.fromEntries(config.quartiers.map((q) => [q.id, q.name])),
    parseLimits: config.knowledge.parseLimits,
    llm: config.llm ? createGroundedLlm(config.llm) : undefined,
    // The plain baseline stays purely lexical.
    embedder: config.embeddings && analyzer === undefined ? createEmbedder(config.embeddings) : undefined,
    logger,
    analyzer,
    // The plain baseline matches whole words only.
    prefixMatching: analyzer === undefined,
  });
}
