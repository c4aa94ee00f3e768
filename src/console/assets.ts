import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * The console's CSS and JavaScript, read once from the installed packages (Pico CSS, htmx) and from
 * src/console/assets/: served by the console itself, so a page loads nothing from elsewhere.
 */
export function loadAssets(): Map<string, { type: string; body: Buffer }> {
  const css = 'text/css; charset=utf-8';
  return new Map([
    ['pico.min.css', { type: css, body: readFileSync(join(packageDir('@picocss/pico'), 'css/pico.min.css')) }],
    [
      'htmx.min.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(join(packageDir('htmx.org'), 'dist/htmx.min.js')) },
    ],
    ['console.css', { type: css, body: readFileSync(join(here, 'assets/console.css')) }],
  ]);
}
