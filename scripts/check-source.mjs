#!/usr/bin/env node
// House rules the formatter and linter cannot express, checked by `npm test`:
// - lines of at most 120 characters (Biome wraps code, not long strings or comments);
// - every "now" comes from the injected clock: no Date.now() / new Date() in src/ outside src/clock.ts;
// - no file in src/ over 300 lines.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const MAX_LINE = 120;
const MAX_FILE_LINES = 300;
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'tests', 'bench', 'scripts'],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter((f) => /\.(ts|mjs|cjs)$/.test(f));
const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    // A test's title is one sentence kept on its call line by the formatter: it may run longer.
    const title = /^\s*(it|describe)(\.each\(.*\))?\(['"`]/.test(line);
    if (!title && [...line].length > MAX_LINE)
      problems.push(`${where}: line of ${[...line].length} characters (at most ${MAX_LINE})`);
    const code = line.replace(/\/\/.*$/, '').trim();
    if (
      file.startsWith('src/') &&
      file !== 'src/clock.ts' &&
      !code.startsWith('*') &&
      /\bDate\.now\(\)|\bnew Date\(\)/.test(code)
    ) {
      problems.push(`${where}: read the time from the injected clock (src/clock.ts), not Date.now() / new Date()`);
    }
  });
  // A longer file does several things: split it along what it does.
  const lines = text.split('\n').length;
  if (file.startsWith('src/') && lines > MAX_FILE_LINES)
    problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
}
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`check-source: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-source: ${files.length} files, ok`);
