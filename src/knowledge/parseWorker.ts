import { parentPort } from 'node:worker_threads';
import { QuartierFileLoader } from './loaders.js';

/** Runs in its own thread, with its own heap limit: parses the documents it is sent, one at a time. */
parentPort!.on('message', ({ id, path }: { id: number; path: string }) => {
  new QuartierFileLoader(path).load().then(
    (docs) => parentPort!.postMessage({ id, ok: true, docs: docs.map((d) => ({ pageContent: d.pageContent, metadata: d.metadata })) }),
    (err: unknown) => parentPort!.postMessage({ id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : 'Error' }),
  );
});
