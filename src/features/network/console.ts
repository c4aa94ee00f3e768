import type { AppContext } from '../../context.js';
import { barChart } from '../../console/charts.js';
import { html } from '../../console/html.js';
import { csrfField } from '../../console/layout.js';
import type { ConsolePage, ConsoleRequest } from '../../console/page.js';
import { addressKeys } from './volunteerMatching.js';
import { exportRegistry } from './registryExport.js';
import { NETWORK_ROLES } from './supportNetwork.js';

const ROLE_NAMES: Record<(typeof NETWORK_ROLES)[number], string> = {
  supported: 'Personnes soutenues',
  volunteer: 'Voisin·es volontaires',
  relay_building: 'Relais d’immeuble',
  relay_school: 'Relais d’école',
};
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
  title: 'Mon quartier',
  at: 0,
  routes: [
    { method: 'get', path: '', handle: async (req) => ({ title: 'Mon quartier', page: await overview(deps, req) }) },
  ],
});

async function overview(deps: Deps, req: ConsoleRequest) {
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
<div class="figures">${counts.map((c) => html`<div><strong>${c.n}</strong>${ROLE_NAMES[c.role]}</div>`)}</div>
${buildings(mine, covered, q)}
</section>`;
  });
  return html`${sections}${signups(deps, members)}`;
}

function buildings(members: { person_id: string; role: string; address: string }[], covered: Set<string>, q: string) {
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
  if (!list.length) return html`<p>Personne n’a encore rejoint le réseau dans ce quartier.</p>`;
  const uncovered = list.filter((b) => b.uncovered > 0).length;
  const shown = list.slice(0, BUILDINGS_SHOWN);
  return html`<h3>Immeubles</h3>
<p>${
    uncovered
      ? `${uncovered} immeuble(s) avec une personne soutenue sans voisin·e volontaire, en tête de liste.`
      : 'Chaque personne soutenue a au moins un·e voisin·e volontaire.'
  }</p>
<div class="overflow-auto"><table class="striped" id="immeubles-${q}">
<caption class="small">Les immeubles sans volontaire pour une personne soutenue sont en premier.</caption>
<thead><tr><th scope="col">Adresse</th><th scope="col">Personnes soutenues</th><th scope="col">Volontaires</th>
<th scope="col">Sans binôme</th></tr></thead>
<tbody>${shown.map(
    (
      b,
    ) => html`<tr${b.uncovered ? html` class="uncovered"` : ''}><th scope="row">${b.address}</th><td>${b.supported}</td>
<td>${b.volunteers}</td><td>${b.uncovered ? html`<strong>${b.uncovered}</strong>` : '0'}</td></tr>`,
  )}</tbody></table></div>
${list.length > shown.length ? html`<p>Et ${list.length - shown.length} autres immeubles.</p>` : ''}`;
}

function signups(deps: Deps, members: { created_at: string }[]) {
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
      new Date(to).toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' }),
    );
    values.push([n]);
  }
  return html`<section aria-labelledby="inscriptions"><h2 id="inscriptions">Inscriptions</h2>
${barChart({
  id: 'inscriptions-table',
  caption: `Inscriptions par semaine sur les ${WEEKS_SHOWN} dernières semaines (chaque barre finit à sa date).`,
  labels,
  series: [{ name: 'Inscriptions', colour: '#1d70b8' }],
  values,
})}</section>`;
}

/** *Export* (REGISTRY_EXPORT=on): the mairie's registry as CSV, per quartier, exactly as /export. */
export const exportPage = (
  deps: Pick<AppContext, 'audit' | 'config' | 'now' | 'registry' | 'people'>,
): ConsolePage => ({
  id: 'export',
  path: '/export',
  title: 'Export',
  at: 60,
  routes: [
    {
      method: 'get',
      path: '',
      handle: async (req) => ({
        title: 'Export du registre',
        page: html`<p>Le registre de la mairie : seulement les personnes soutenues qui y ont consenti. Chaque export
est inscrit au journal.</p>
${deps.config.quartiers
  .filter((q) => req.quartiers.includes(q.id))
  .map(
    (q) => html`<form method="post" action="/export">${csrfField(req.csrf)}
<input type="hidden" name="quartier" value="${q.id}">
<button type="submit">Télécharger le CSV — ${q.name}</button></form>`,
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
        return { redirect: '/export', notice: replies[0]?.text ?? 'Export impossible.' };
      },
    },
  ],
});
