import type { AppContext } from '../context.js';
import { barChart } from '../../console/charts.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest } from '../../console/page.js';
import type { Translate } from '../../i18n/translator.js';
import { addressKeys } from './volunteerMatching.js';
import { exportRegistry } from './registryExport.js';
import { NETWORK_ROLES } from './supportNetwork.js';

const COLUMNS = ['address', 'supported', 'volunteers', 'unpaired'] as const;
const WEEK = 7 * 24 * 3600 * 1000;
const WEEKS_SHOWN = 12;
/** Buildings listed at most (the uncovered first); the rest are counted. */
const BUILDINGS_SHOWN = 200;

type Deps = Pick<AppContext, 'db' | 'config' | 'now'>;

const nameOf = (deps: Deps, id: string) => deps.config.quartiers.find((q) => q.id === id)?.name ?? id;

/** *Mon quartier*: who is in the network, which buildings have people supported without a volunteer. */
export const quartierPage = (deps: Deps): ConsolePage => ({
  id: 'quartier',
  path: '/',
  title: 'console.quartier.title',
  at: 0,
  routes: [
    {
      method: 'get',
      path: '',
      handle: async (req) => ({ title: req.env.t('console.quartier.title'), page: await overview(deps, req) }),
    },
  ],
});

async function overview(deps: Deps, req: ConsoleRequest) {
  const t = req.env.t;
  const members = await deps.db
    .selectFrom('network_members')
    .select(['person_id', 'quartier', 'role', 'address', 'created_at'])
    .where('quartier', 'in', req.quartiers)
    .execute();
  const covered = new Set(
    (
      await deps.db
        .selectFrom('matches')
        .innerJoin('network_members as s', 's.person_id', 'matches.supported_id')
        .select('matches.supported_id')
        .where('s.quartier', 'in', req.quartiers)
        .execute()
    ).map((r) => r.supported_id),
  );
  const sections = req.quartiers.map((q) => {
    const mine = members.filter((m) => m.quartier === q);
    const counts = NETWORK_ROLES.map((r) => ({ role: r, n: mine.filter((m) => m.role === r).length }));
    return html`<section aria-labelledby="q-${q}"><h2 id="q-${q}">${nameOf(deps, q)}</h2>
<div class="figures">${counts.map(
      (c) => html`<div><strong>${c.n}</strong>${t(`console.quartier.role.${c.role}`, { count: c.n })}</div>`,
    )}</div>
${buildings(t, mine, covered, q)}
</section>`;
  });
  return html`${sections}${signups(deps, req, members)}`;
}

function buildings(
  t: Translate,
  members: { person_id: string; role: string; address: string }[],
  covered: Set<string>,
  q: string,
) {
  const byBuilding = new Map<string, { address: string; supported: number; volunteers: number; uncovered: number }>();
  for (const m of members) {
    if (m.role !== 'supported' && m.role !== 'volunteer') continue;
    const key = addressKeys(m.address).building;
    const b = byBuilding.get(key) ?? { address: m.address, supported: 0, volunteers: 0, uncovered: 0 };
    if (m.role === 'supported') {
      b.supported++;
      if (!covered.has(m.person_id)) b.uncovered++;
    } else b.volunteers++;
    byBuilding.set(key, b);
  }
  const list = [...byBuilding.values()].sort(
    (a, b) => b.uncovered - a.uncovered || b.supported - a.supported || a.address.localeCompare(b.address, 'fr'),
  );
  if (!list.length) return html`<p>${t('console.quartier.nobody')}</p>`;
  const uncovered = list.filter((b) => b.uncovered > 0).length;
  const shown = list.slice(0, BUILDINGS_SHOWN);
  return html`<h3>${t('console.quartier.buildings')}</h3>
<p>${uncovered ? t('console.quartier.uncovered', { count: uncovered }) : t('console.quartier.allCovered')}</p>
<div class="overflow-auto"><table class="striped" id="immeubles-${q}">
<caption class="small">${t('console.quartier.caption')}</caption>
<thead><tr>${COLUMNS.map((c) => html`<th scope="col">${t(`console.quartier.${c}`)}</th>`)}</tr></thead>
<tbody>${shown.map(
    (
      b,
    ) => html`<tr${b.uncovered ? html` class="uncovered"` : ''}><th scope="row">${b.address}</th><td>${b.supported}</td>
<td>${b.volunteers}</td><td>${b.uncovered ? html`<strong>${b.uncovered}</strong>` : '0'}</td></tr>`,
  )}</tbody></table></div>
${list.length > shown.length ? html`<p>${t('console.quartier.more', { count: list.length - shown.length })}</p>` : ''}`;
}

function signups(deps: Deps, req: ConsoleRequest, members: { created_at: string }[]) {
  const t = req.env.t;
  const end = deps.now().getTime();
  const labels: string[] = [];
  const values: number[][] = [];
  for (let i = WEEKS_SHOWN - 1; i >= 0; i--) {
    const from = end - (i + 1) * WEEK;
    const to = end - i * WEEK;
    const n = members.filter((m) => {
      const at = Date.parse(m.created_at);
      return at > from && at <= to;
    }).length;
    labels.push(
      new Date(to).toLocaleDateString(req.env.lang === 'fr' ? 'fr-FR' : 'en-GB', {
        day: '2-digit',
        month: '2-digit',
        timeZone: 'Europe/Paris',
      }),
    );
    values.push([n]);
  }
  return html`<section aria-labelledby="inscriptions"><h2 id="inscriptions">${t('console.quartier.signups')}</h2>
${barChart({
  t,
  id: 'inscriptions-table',
  caption: t('console.quartier.signupsCaption', { weeks: WEEKS_SHOWN }),
  labels,
  series: [{ name: t('console.quartier.signups'), colour: '#1d70b8' }],
  values,
})}</section>`;
}

/** *Export* (REGISTRY_EXPORT=on): the mairie's registry as CSV, per quartier, exactly as /export. */
export const exportPage = (
  deps: Pick<AppContext, 'audit' | 'config' | 'now' | 'registry' | 'people'>,
): ConsolePage => ({
  id: 'export',
  path: '/export',
  title: 'console.export.title',
  at: 60,
  routes: [
    {
      method: 'get',
      path: '',
      handle: async (req) => ({
        title: req.env.t('console.export.pageTitle'),
        page: html`<p>${req.env.t('console.export.intro')}</p>
${deps.config.quartiers
  .filter((q) => req.quartiers.includes(q.id))
  .map(
    (q) => html`<form method="post" action="/export">${csrfField(req.csrf)}
<input type="hidden" name="quartier" value="${q.id}">
<button type="submit">${req.env.t('console.export.download', { quartier: q.name })}</button></form>`,
  )}`,
      }),
    },
    {
      method: 'post',
      path: '',
      async handle(req) {
        const person = await deps.people.byId(req.personId);
        const refuse = async () => [{ text: 'refused' }];
        const replies = person ? await exportRegistry(deps, { refuse }, person, req.env, req.body.quartier ?? '') : [];
        const file = replies[0]?.attachment;
        if (file) return { file: { name: file.fileName, type: file.mimeType, content: file.content } };
        return { redirect: '/export', notice: replies[0]?.text ?? req.env.t('console.export.impossible') };
      },
    },
  ],
});
