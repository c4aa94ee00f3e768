import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DocumentRefused, declaredUnzippedBytes, type ParseLimits } from './documentLimits.js';
import { Document } from '@langchain/core/documents';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { readPages, type SourceMetadata } from './parseFormats.js';

export type { SourceMetadata } from './parseFormats.js';
export { SUPPORTED_EXTENSIONS } from './parseFormats.js';

/**
 * One LangChain loader for the four formats. Markdown, HTML and DOCX become Markdown (headings kept, for
 * citations and heading-aware splitting); a PDF becomes one Document per page (page numbers kept).
 */
export class QuartierFileLoader extends BaseDocumentLoader {
  constructor(private readonly path: string) {
    super();
  }

  async load(): Promise<Document<SourceMetadata>[]> {
    return (await readPages(this.path)).map((p) => new Document<SourceMetadata>(p));
  }
}

type Parsed = { id: number; ok: boolean; docs?: { pageContent: string; metadata: SourceMetadata }[]; error?: string };

/**
 * Reads documents off the main thread, within limits: a zip bomb, a huge or slow document fails in its
 * own thread (which is then replaced), while every person keeps being answered. One thread serves a whole
 * ingest, so starting it is paid once.
 */
export class DocumentParser {
  private current?: {
    worker: Worker;
    waiting: Map<number, { resolve: (p: Parsed) => void; reject: (e: Error) => void }>;
  };
  private nextId = 0;

  constructor(private readonly limits: ParseLimits) {}

  /** The parsing thread, started on first use and again after one died or was stopped. */
  private thread() {
    if (this.current) return this.current;
    const here = fileURLToPath(import.meta.url);
    // Run as TypeScript (npm start, tests): an entry that registers tsx first; compiled: the worker itself.
    const entry = extname(here) === '.ts' ? 'parseWorkerEntry.mjs' : 'parseWorker.js';
    const worker = new Worker(join(dirname(here), entry), {
      resourceLimits: {
        maxOldGenerationSizeMb: this.limits.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(16, Math.min(64, this.limits.maxMemoryMb / 4)),
      },
    });
    worker.unref();
    const thread = { worker, waiting: new Map<number, { resolve: (p: Parsed) => void; reject: (e: Error) => void }>() };
    worker.on('message', (m: Parsed) => {
      thread.waiting.get(m.id)?.resolve(m);
      thread.waiting.delete(m.id);
    });
    // Only what this thread was asked fails with it.
    const fail = (err: Error) => {
      if (this.current === thread) this.current = undefined;
      for (const w of thread.waiting.values()) w.reject(err);
      thread.waiting.clear();
    };
    worker.on('error', (err: Error & { code?: string }) =>
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new DocumentRefused('out-of-memory', `${this.limits.maxMemoryMb} MB`)
          : new DocumentRefused('unreadable', err.code ?? err.name),
      ),
    );
    worker.on('exit', (code) => fail(new DocumentRefused('unreadable', `parser exited ${code}`)));
    this.current = thread;
    return thread;
  }

  async parse(path: string): Promise<Document<SourceMetadata>[]> {
    // Markdown is read as it is: nothing to unpack or render, no thread needed (its size is still limited).
    if (/^\.(md|markdown)$/.test(extname(path).toLowerCase()))
      return this.checked((await readPages(path)).map((p) => new Document<SourceMetadata>(p)));
    if (extname(path).toLowerCase() === '.docx') {
      const unzipped = declaredUnzippedBytes(await readFile(path));
      if (unzipped > this.limits.maxUnzippedBytes) throw new DocumentRefused('too-big-unzipped', `${unzipped} bytes`);
    }
    const thread = this.thread();
    const id = ++this.nextId;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await new Promise<Parsed>((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      timer = setTimeout(() => {
        thread.waiting.delete(id);
        reject(new DocumentRefused('too-slow', `${this.limits.timeoutMs} ms`));
        // A parse stuck in a loop can only be stopped with its thread; the next document gets a new one.
        if (this.current === thread) this.current = undefined;
        void thread.worker.terminate();
      }, this.limits.timeoutMs);
      thread.worker.postMessage({ id, path });
    }).finally(() => clearTimeout(timer));
    if (!result.ok || !result.docs) throw new DocumentRefused('unreadable', result.error);
    return this.checked(result.docs.map((d) => new Document<SourceMetadata>(d)));
  }

  private checked(docs: Document<SourceMetadata>[]): Document<SourceMetadata>[] {
    const chars = docs.reduce((n, d) => n + d.pageContent.length, 0);
    if (chars > this.limits.maxTextChars) throw new DocumentRefused('too-much-text', `${chars} characters`);
    return docs;
  }

  async close(): Promise<void> {
    const thread = this.current;
    this.current = undefined;
    await thread?.worker.terminate();
  }
}
