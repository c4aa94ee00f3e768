import { errorCode } from '../logger.js';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import type { KnowledgeStore } from '../storage/knowledgeStore.js';
import { analyzeGroups, type Analyzer } from './analyzer.js';
import { answerQuestion, type Answer } from './answerer.js';
import { loadAnswerModel, type ModelWeights } from './answerModel.js';
import { chunkDocuments } from './chunks.js';
import type { GroundedLlm } from './llm.js';
import { DocumentParser, QuartierFileLoader, SUPPORTED_EXTENSIONS } from './loaders.js';
import { DocumentRefused, type ParseLimits } from './documentLimits.js';
import { SearchIndex } from './searchIndex.js';
import { removeInstructions } from './safety.js';
import { VectorIndex, type Embedder } from './embeddings.js';
import type { DocumentSummary, StoredChunk } from '../storage/knowledgeStore.js';
import { realTimeMs } from '../clock.js';

export const GENERAL_SCOPE = 'general';

export interface IngestReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  skipped: string[];
  /** Documents that could not be read (too big unpacked, too slow, broken), moved to `.quarantine/`. */
  quarantined: { path: string; movedTo: string; reason: DocumentRefused['reason'] }[];
  /** Sentences addressed to the assistant, removed from the documents. */
  suspicious: string[];
  chunks: number;
}

/**
 * The quartier's documents: ingest (loaders → chunks → store) and answer (index → answerer).
 * Every process builds its index from the database and rebuilds it when documents change.
 */
/** Where documents that could not be read are set aside, inside the knowledge folder. */
export const QUARANTINE_DIR = '.quarantine';
/** How long the documents are taken as unchanged (by another process, the CLI) before their version is read. */
const VERSION_CHECK_MS = 1000;
/** Distinct questions whose answers are kept (a few hundred kB). */
const ANSWERS_KEPT = 1000;

export class KnowledgeBase {
  private index?: SearchIndex;
  private vectorIndex?: VectorIndex;
  private indexVersion?: string;
  /** When the documents' version was last read (real ms): read again at most once a VERSION_CHECK_MS. */
  private versionCheckedAt = Number.NEGATIVE_INFINITY;
  private building?: Promise<SearchIndex>;
  private model?: ModelWeights;
  /** Answers already given from `index`, the least recently asked first (forgotten when the documents change). */
  private answered: { index?: SearchIndex; answers: Map<string, Answer> } = { answers: new Map() };

  constructor(
    private readonly store: KnowledgeStore,
    private readonly opts: {
      parseLimits?: ParseLimits;
      quartierIds: string[];
      quartierNames?: Record<string, string>;
      /** The answer model (default: the committed one). */
      model?: ModelWeights;
      llm?: GroundedLlm;
      embedder?: Embedder;
      logger: Logger;
      analyzer?: Analyzer;
      prefixMatching?: boolean;
    },
  ) {}

  /** Ingests folders whose first-level subfolders are quartier ids or `general`; only changed files are re-read. */
  async ingest(roots: string[]): Promise<IngestReport> {
    const report: IngestReport = {
      added: [],
      updated: [],
      unchanged: [],
      removed: [],
      skipped: [],
      suspicious: [],
      quarantined: [],
      chunks: 0,
    };
    const known = new Map((await this.store.documents()).map((d) => [d.path, d.sha256]));
    const parser = this.opts.parseLimits && new DocumentParser(this.opts.parseLimits);
    try {
      await this.ingestRoots(roots, report, known, parser);
    } finally {
      await parser?.close();
      // This process's own documents are used at once; another process's within VERSION_CHECK_MS.
      this.versionCheckedAt = Number.NEGATIVE_INFINITY;
    }
    return report;
  }

  private async ingestRoots(
    roots: string[],
    report: IngestReport,
    known: Map<string, string>,
    parser: DocumentParser | undefined,
  ): Promise<void> {
    for (const rootArg of roots) {
      const root = resolve(rootArg);
      const seen = new Set<string>();
      for (const { path, scope } of await this.listFiles(root, report)) {
        seen.add(path);
        const data = await readFile(path);
        const sha256 = createHash('sha256').update(data).update(scope).digest('hex');
        if (known.get(path) === sha256) {
          report.unchanged.push(path);
          continue;
        }
        try {
          const docs = parser ? await parser.parse(path) : await new QuartierFileLoader(path).load();
          for (const doc of docs) {
            const { text, removed } = removeInstructions(doc.pageContent);
            doc.pageContent = text;
            for (const sentence of removed) report.suspicious.push(`${path}: ${sentence}`);
          }
          const chunks = await chunkDocuments(docs);
          await this.store.put(
            { path, file: basename(path), scope, title: docs[0]?.metadata.title ?? basename(path), sha256 },
            chunks,
          );
          report.chunks += chunks.length;
          (known.has(path) ? report.updated : report.added).push(path);
        } catch (err) {
          const reason = err instanceof DocumentRefused ? err.reason : 'unreadable';
          this.opts.logger.warn({ err, path, reason, code: 'DOCUMENT_REFUSED' }, 'could not read document; skipped');
          report.skipped.push(path);
          // Set aside so that it is never read again at the next start (a bomb would be, every time).
          const moved = await quarantine(root, path, scope).catch(() => undefined);
          if (moved) report.quarantined.push({ path, movedTo: moved, reason });
        }
      }
      for (const path of known.keys()) {
        if (path.startsWith(`${root}/`) && !seen.has(path)) {
          await this.store.remove(path);
          report.removed.push(path);
        }
      }
    }
  }

  private async listFiles(root: string, report: IngestReport): Promise<{ path: string; scope: string }[]> {
    const files: { path: string; scope: string }[] = [];
    const walk = async (dir: string, scope: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path, scope);
        else if (SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push({ path, scope });
      }
    };
    if (!(await stat(root)).isDirectory()) throw new Error(`${root} is not a folder`);
    for (const entry of await readdir(root, { withFileTypes: true })) {
      const path = join(root, entry.name);
      if (entry.name.startsWith('.')) continue; // .quarantine and other hidden folders
      if (entry.isDirectory()) {
        if (entry.name === GENERAL_SCOPE || this.opts.quartierIds.includes(entry.name)) await walk(path, entry.name);
        else report.skipped.push(`${path} (not a quartier id nor "general")`);
      } else if (SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
        files.push({ path, scope: GENERAL_SCOPE }); // loose files at the top are for everyone
      }
    }
    return files;
  }

  /** The documents of these scopes (quartier ids, `general`) with their number of passages. */
  documents(scopes: string[]): Promise<DocumentSummary[]> {
    return this.store.summaries(scopes);
  }

  /**
   * Forgets a document and its passages (its file is the caller's to delete first, or the next ingest reads it
   * again); this process answers without it at once, the others within VERSION_CHECK_MS.
   */
  async remove(path: string): Promise<void> {
    await this.store.remove(path);
    this.versionCheckedAt = Number.NEGATIVE_INFINITY;
  }

  /** The current index, rebuilt when another process (or the CLI) changed the documents. */
  async currentIndex(): Promise<SearchIndex> {
    // Not a statement per question: documents change a few times a day, questions come by the hundred.
    if (this.index && realTimeMs() - this.versionCheckedAt < VERSION_CHECK_MS) return this.index;
    this.versionCheckedAt = realTimeMs();
    const version = await this.store.version();
    if (this.index && this.indexVersion === version) return this.index;
    if (!this.building) {
      this.building = (async () => {
        const started = performance.now();
        const chunks = await this.store.chunks();
        const index = await SearchIndex.build(chunks, this.opts.analyzer ?? analyzeGroups, {
          prefixMatching: this.opts.prefixMatching ?? true,
        });
        this.vectorIndex = this.opts.embedder ? await this.vectorsFor(chunks, this.opts.embedder) : undefined;
        this.index = index;
        this.indexVersion = version;
        this.opts.logger.info(
          { chunks: index.size, ms: Math.round(performance.now() - started) },
          'knowledge index built',
        );
        return index;
      })().finally(() => {
        this.building = undefined;
      });
    }
    return this.building;
  }

  /**
   * Chunk vectors for hybrid retrieval: those stored for this model, and the missing ones embedded now (new
   * documents, or a new model). If the endpoint fails, retrieval stays lexical: the bot keeps working offline.
   */
  private async vectorsFor(chunks: StoredChunk[], embedder: Embedder): Promise<VectorIndex | undefined> {
    try {
      const stored = await this.store.vectors(embedder.model);
      const missing = chunks.filter((c) => !stored.has(c.id));
      for (let i = 0; i < missing.length; i += 64) {
        const batch = missing.slice(i, i + 64);
        const vectors = await embedder.embedDocuments(batch.map((c) => `${c.title}\n${c.heading ?? ''}\n${c.text}`));
        const rows = batch.map((c, k) => ({ chunkId: c.id, vector: vectors[k]! }));
        await this.store.putVectors(embedder.model, rows);
        for (const r of rows) stored.set(r.chunkId, r.vector);
      }
      if (missing.length) this.opts.logger.info({ embedded: missing.length, model: embedder.model }, 'chunks embedded');
      return new VectorIndex(chunks, stored);
    } catch (err) {
      this.opts.logger.warn({ code: errorCode(err) }, 'embeddings endpoint failed; retrieval stays lexical');
      return undefined;
    }
  }

  /** Answers from the quartier's documents plus the general ones (all documents without a quartier). */
  async ask(question: string, opts: { quartier?: string } = {}): Promise<Answer> {
    const index = await this.currentIndex();
    // Residents ask the same few questions (above all during a heat wave): an answer already worked out from
    // these very documents is given again, a copy, without scoring every sentence again. Not with a model or
    // embeddings: an answer given while one failed (documents only) must not outlive the failure.
    if (this.opts.llm || this.opts.embedder) return this.answerAfresh(index, question, opts);
    if (this.answered.index !== index) this.answered = { index, answers: new Map() };
    const key = `${opts.quartier ?? ''}\u0000${question.trim()}`;
    const known = this.answered.answers.get(key);
    if (known) {
      this.answered.answers.delete(key);
      this.answered.answers.set(key, known);
      return structuredClone(known);
    }
    const answer = await this.answerAfresh(index, question, opts);
    if (this.answered.index === index) {
      if (this.answered.answers.size >= ANSWERS_KEPT)
        this.answered.answers.delete(this.answered.answers.keys().next().value!);
      this.answered.answers.set(key, structuredClone(answer));
    }
    return answer;
  }

  private async answerAfresh(index: SearchIndex, question: string, opts: { quartier?: string }): Promise<Answer> {
    const scopes = opts.quartier ? [GENERAL_SCOPE, opts.quartier] : undefined;
    let semanticHits: ReturnType<VectorIndex['search']> | undefined;
    if (this.opts.embedder && this.vectorIndex?.size) {
      try {
        semanticHits = this.vectorIndex.search(await this.opts.embedder.embedQuery(question), scopes, 8);
      } catch (err) {
        this.opts.logger.warn({ code: errorCode(err) }, 'question not embedded; lexical retrieval only');
      }
    }
    // Read on first use: ingesting (and training the model) needs no model.
    if (!this.model) this.model = this.opts.model ?? loadAnswerModel();
    return answerQuestion(index, question, {
      scopes,
      model: this.model,
      llm: this.opts.llm,
      semanticHits,
      quartier: opts.quartier,
      quartierNames: this.opts.quartierNames,
    });
  }
}

/** Moves a document that failed to `<root>/.quarantine/<scope>/`, where ingestion never looks. */
async function quarantine(root: string, path: string, scope: string): Promise<string> {
  const dir = join(root, QUARANTINE_DIR, scope);
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${realTimeMs()}-${basename(path)}`);
  await rename(path, target);
  return target;
}
