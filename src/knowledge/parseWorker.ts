import { parentPort } from 'node:worker_threads';
import { readPages } from './parseFormats.js';

/** Runs in its own thread, with its own heap limit: parses the documents it is sent, one at a time. */
parentPort!.on('message', ({ id, path }: { id: number; path: string }) => {
  readPages(path).then(
    (docs) => parentPort!.postMessage({ id, ok: true, docs }),
    (err: unknown) =>
      parentPort!.postMessage({ id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : 'Error' }),
  );
});
