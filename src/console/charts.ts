import type { Translate } from '../i18n/translator.js';
import { type Html, html } from './html.js';

export interface Series {
  name: string;
  /** An SVG fill colour (attributes, not styles: the CSP allows no inline style). */
  colour: string;
}

/**
 * A bar chart as inline SVG (stacked when there are several series), with its figures also in a table for
 * screen readers and keyboard users: the picture is `aria-hidden`, the table is the accessible version.
 */
export function barChart(o: {
  t: Translate;
  id: string;
  caption: string;
  labels: string[];
  series: Series[];
  /** values[i][s]: bar i, series s. */
  values: number[][];
}): Html {
  const width = 640;
  const height = 200;
  const top = 16;
  const bottom = 36;
  const left = 36;
  const max = Math.max(1, ...o.values.map((v) => v.reduce((a, b) => a + b, 0)));
  const step = (width - left) / Math.max(1, o.labels.length);
  const barWidth = Math.max(4, step * 0.7);
  const scale = (height - top - bottom) / max;
  const bars = o.values.map((parts, i) => {
    let y = height - bottom;
    const x = left + i * step + (step - barWidth) / 2;
    const rects = parts.map((v, s) => {
      const h = v * scale;
      y -= h;
      return html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(
        1,
      )}" fill="${o.series[s]!.colour}"></rect>`;
    });
    const label = html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 16}" font-size="11"
text-anchor="middle" fill="currentColor">${o.labels[i]}</text>`;
    return html`${rects}${label}`;
  });
  const legend =
    o.series.length > 1
      ? html`<p class="small" aria-hidden="true">${o.series.map(
          (s) => html`<svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${s.colour}">
</rect></svg> ${s.name} `,
        )}</p>`
      : '';
  return html`<figure>
<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true"
focusable="false">
<text x="0" y="${top}" font-size="11" fill="currentColor">${max}</text>
<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="currentColor"></line>
${bars}
</svg>
${legend}
<figcaption>${o.caption}</figcaption>
<details><summary>${o.t('console.chart.figures')}</summary>
<table id="${o.id}"><thead><tr><th scope="col">${o.t('console.chart.period')}</th>
${o.series.map((s) => html`<th scope="col">${s.name}</th>`)}</tr></thead><tbody>
${o.labels.map((l, i) => html`<tr><th scope="row">${l}</th>${o.values[i]!.map((v) => html`<td>${v}</td>`)}</tr>`)}
</tbody></table></details>
</figure>`;
}
