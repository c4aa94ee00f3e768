import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/architecture.md is where a new developer starts: every path it names must exist, and every module it
 * lists in a folder of the tree must be a file of that folder, so that moving or renaming code fails here
 * until the page is updated.
 */
const DOC = 'docs/architecture.md';
const text = readFileSync(DOC, 'utf8');

/** The entries of the "tree" block: a path built from the indentation, and the words describing it. */
function treeEntries(markdown: string): { path: string; description: string }[] {
  const block = /## The tree\s+```\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  const entries: { path: string; description: string }[] = [];
  const parents: string[] = [];
  for (const line of block.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    if (indent > 6) {
      // A description running on from the line above.
      const last = entries.at(-1);
      if (last) last.description += ` ${line.trim()}`;
      continue;
    }
    const [names = '', description = ''] = line.trim().split(/\s{2,}/);
    const depth = indent / 2;
    parents.length = depth;
    const parent = parents.join('');
    for (const name of names.split(/,\s*/)) {
      entries.push({ path: parent + name, description });
      const last = entries.at(-1)!;
      if (name.endsWith('/')) parents[depth] = name;
      // Entries on one line share the description of the last one ("app.ts, context.ts  builds…").
      last.description = description;
    }
  }
  return entries;
}

/** Paths written in backticks anywhere on the page ("`jobs/recovery.ts`"), relative to the root or to src/. */
function quotedPaths(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1]!)
    .filter((s) => /\/|\.(ts|mjs|cjs|json|md)$/.test(s) && !/^(https?:|\/)|^t\.me/.test(s));
}

/** Every file and folder (with a trailing slash) of the repository, from its root. */
const FILES = readdirSync('.', { recursive: true, withFileTypes: true })
  .filter((f) => !/^(node_modules|\.git|data|coverage|dist)\b/.test(join(f.parentPath, f.name)))
  .map((f) => join(f.parentPath, f.name) + (f.isDirectory() ? '/' : ''));

/**
 * A path holds if it exists from the root or from src/. A placeholder ("src/features/<feature>/queue.ts",
 * "*.unit.test.ts") holds if at least one path fits it; a bare file name, if some folder has it.
 */
function holds(path: string): boolean {
  const pattern = path
    .split(/(<[^>]+>|\*)/)
    .map((part, i) => (i % 2 ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(path.includes('/') ? `^(src/)?${pattern}$` : `(^|/)${pattern}$`);
  return FILES.some((f) => re.test(f));
}

describe('docs/architecture.md matches the tree', () => {
  const tree = treeEntries(text);

  it('reads the tree block', () => {
    expect(tree.map((e) => e.path)).toEqual(expect.arrayContaining(['src/main.ts', 'src/features/network/']));
  });

  it('every file and folder of the tree exists', () => {
    expect(tree.map((e) => e.path).filter((p) => !existsSync(p))).toEqual([]);
  });

  it("every module a folder's description lists is a file of that folder", () => {
    // "heatAlerts (the alerts' repository), checkins, desk …": the items of the list, asides removed. Items
    // with a capital are class names (FloodGuard) or libraries (Kysely), not files.
    const modules = tree
      .filter((e) => e.path.endsWith('/') && e.path.startsWith('src/'))
      .flatMap((e) => {
        let list = e.description;
        for (let i = 0; i < 3; i++) list = list.replace(/\([^()]*\)/g, '');
        return list
          .split(/[,;:+→]|\band\b/)
          .map((item) => item.trim())
          .filter((item) => /^[a-z][\w.]*$/.test(item))
          .map((item) => e.path + item);
      });
    expect(modules.length).toBeGreaterThan(80);
    expect(modules.filter((m) => !['', '.ts', '.json', '.mjs'].some((ext) => existsSync(m + ext)))).toEqual([]);
  });

  it('every path written in backticks exists, or fits an existing one when it is a pattern', () => {
    const paths = quotedPaths(text);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !holds(p))).toEqual([]);
  });

  it('every name written in backticks (a type, a class, a constant) is defined in src/ (or tests/)', () => {
    const sources = FILES.filter((f) => /^(src|tests)\/.*\.ts$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const names = [
      ...new Set(
        [...text.matchAll(/`([A-Z][A-Za-z0-9_]+)(\.\w+)?(?:\(\))?`/g)]
          .filter((m) => !/^\.(md|ts|json)$/.test(m[2] ?? ''))
          .map((m) => m[1]!),
      ),
    ];
    expect(names.length).toBeGreaterThan(5);
    const defined = (name: string) =>
      new RegExp(`(?:const|class|interface|type|function|enum) ${name}\\b`).test(sources);
    expect(names.filter((n) => !defined(n))).toEqual([]);
  });
});
