import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run lint`) let today's known exceptions through
 * (.dependency-cruiser-known.cjs).
 * This keeps that list from outliving the imports it excuses: an exception whose import is gone must go too.
 */
const known = createRequire(import.meta.url)('../.dependency-cruiser-known.cjs') as Record<
  'KNOWN_SHARED_TO_FEATURES' | 'KNOWN_BETWEEN_FEATURES',
  Record<string, string[]>
>;

/** The files a source file imports (relative imports, resolved from the repository's root). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)\.js'/g)].map((m) =>
    normalize(join(dirname(file), `${m[1]!}.ts`)),
  );
}

describe('the known exceptions to the layer rules', () => {
  for (const kind of ['KNOWN_SHARED_TO_FEATURES', 'KNOWN_BETWEEN_FEATURES'] as const) {
    it(`${kind}: every exception listed is still an import of its file (remove the ones that are gone)`, () => {
      // The list is read (a misspelt export would fail here); it may be empty once every exception is gone.
      expect(known[kind]).toBeTypeOf('object');
      const listed = Object.entries(known[kind]);
      const stale = listed.flatMap(([file, targets]) => {
        const imported = importsOf(file);
        return targets
          .map((t) => `src/features/${t}.ts`)
          .filter((t) => !imported.includes(t))
          .map((t) => `${file} → ${t}`);
      });
      expect(stale).toEqual([]);
    });
  }
});
