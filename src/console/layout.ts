import type { Language, Translate } from '../i18n/translator.js';
import { type Html, html } from './html.js';
import type { ConsolePage } from './page.js';

export interface LayoutOptions {
  /** Her language (French before login). */
  lang: Language;
  t: Translate;
  title: string;
  body: Html;
  /** The menu; absent on pages shown before login. */
  nav?: { pages: ConsolePage[]; current?: string; csrf: string };
  notice?: string;
}

/**
 * Every page: Pico CSS and htmx served by the console itself (nothing from elsewhere: the CSP forbids it),
 * a skip link, the menu, and *Se déconnecter*. htmx sends the session's CSRF token with each of its requests.
 */
export function layout(o: LayoutOptions): Html {
  const headers = o.nav ? JSON.stringify({ 'X-CSRF-Token': o.nav.csrf }) : undefined;
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
<title>${o.title} — Relais</title>
<link rel="stylesheet" href="/assets/pico.min.css">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/htmx.min.js" defer></script>
</head>
<body ${headers ? html`hx-headers="${headers}"` : ''}>
<a class="skip" href="#contenu">${o.t('console.layout.skip')}</a>
<header class="container">
<nav aria-label="${o.t('console.layout.menu')}">
<ul><li><strong>Relais</strong></li></ul>
${o.nav ? menu(o.t, o.nav) : ''}
</nav>
</header>
<main class="container" id="contenu" tabindex="-1">
<h1>${o.title}</h1>
${o.notice ? html`<p role="status" class="notice">${o.notice}</p>` : ''}
${o.body}
</main>
</body>
</html>`;
}

function menu(t: Translate, nav: NonNullable<LayoutOptions['nav']>): Html {
  const items = [...nav.pages].sort((a, b) => a.at - b.at);
  return html`<ul class="menu">
${items.map(
  (p) => html`<li><a href="${p.path}"${p.id === nav.current ? html` aria-current="page"` : ''}>${t(p.title)}</a></li>`,
)}
<li><form method="post" action="/deconnexion" class="inline">${csrfField(nav.csrf)}
<button type="submit" class="secondary outline">${t('console.layout.logout')}</button></form></li>
</ul>`;
}

export const csrfField = (csrf: string): Html => html`<input type="hidden" name="_csrf" value="${csrf}">`;
