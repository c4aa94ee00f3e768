import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run lint`) only guard the files they name: a shared file
 * their pattern misses (a new top-level module, a new folder) could import a feature unseen. Every source file is
 * one of three things: a shared layer, a feature, or a composition root that sees every feature.
 */
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as {
  forbidden: { name: string; from: { path?: string } }[];
};
const COMPOSITION_ROOTS = [
  'src/app.ts',
  'src/main.ts',
  'src/cli.ts',
  'src/features/index.ts',
  'src/features/context.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the layers', () => {
  const shared = new RegExp(config.forbidden.find((r) => r.name === 'shared-layers-not-into-features')!.from.path!);
  const kindOf = (file: string) =>
    COMPOSITION_ROOTS.includes(file)
      ? 'composition root'
      : file.startsWith('src/features/')
        ? 'feature'
        : shared.test(file)
          ? 'shared'
          : 'unclassified';

  it('every source file is shared, a feature or a composition root (none escapes the rules)', () => {
    const files = sourceFiles('src');
    expect(files.filter((f) => kindOf(f) === 'unclassified')).toEqual([]);
    // The classification means something: the core and the contract are shared, the features' folders are not.
    expect(kindOf('src/core/conversation.ts')).toBe('shared');
    expect(kindOf('src/context.ts')).toBe('shared');
    expect(kindOf('src/features/network/supportNetwork.ts')).toBe('feature');
  });
});
