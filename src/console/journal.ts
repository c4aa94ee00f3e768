import type { ConsoleDeps } from './server.js';
import { html } from './html.js';
import type { ConsolePage, ConsoleRequest } from './page.js';

/** Entries shown, newest first. */
const SHOWN = 200;

const ACTIONS: Record<string, string> = {
  'alert.create': 'Alerte créée',
  'alert.end': 'Alerte terminée',
  'alert.figures': 'Bilan d’alerte',
  'alert.replace': 'Alerte remplacée',
  'alert.approve': 'Alerte approuvée',
  'alert.refuse': 'Alerte refusée',
  'alert.fastpath': 'Alerte envoyée sans approbation',
  'pairs.set': 'Binôme changé',
  'registry.export': 'Export du registre',
  'faq.curate': 'Question répondue',
  'faq.dismiss': 'Questions ignorées',
  'meeting.create': 'Réunion créée',
  'meeting.move': 'Réunion déplacée',
  'meeting.cancel': 'Réunion annulée',
  'meeting.followup': 'Suite de réunion envoyée',
  'poster.create': 'Affiche créée',
  'knowledge.upload': 'Document ajouté',
  'knowledge.remove': 'Document retiré',
  'console.login': 'Connexion à la console',
  'console.logout': 'Déconnexion de la console',
};

/**
 * *Journal*: the audit log of her quartiers — what she and the other eco-managers of these quartiers did (the
 * log holds ids and figures, never personal data). Residents' own entries are not shown.
 */
export const journalPage = (deps: Pick<ConsoleDeps, 'db' | 'config' | 'people'>): ConsolePage => ({
  id: 'journal',
  path: '/journal',
  title: 'Journal',
  at: 70,
  routes: [{ method: 'get', path: '', handle: async (req) => ({ title: 'Journal', page: await journal(deps, req) }) }],
});

async function journal(deps: Pick<ConsoleDeps, 'db' | 'config' | 'people'>, req: ConsoleRequest) {
  const colleagues = new Map<string, string>();
  for (const m of deps.config.ecoManagers.filter((e) => e.quartiers.some((q) => req.quartiers.includes(q)))) {
    const person = await deps.people.find(m.channel, m.userId);
    if (!person) continue;
    const who = person.id === req.identity.id ? 'Vous' : `Éco-gestionnaire (${m.channel})`;
    colleagues.set(person.id, who);
    if (person.linkedTo) colleagues.set(person.linkedTo, who);
  }
  const rows = colleagues.size
    ? await deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('actor', 'in', [...colleagues.keys()])
        .orderBy('at', 'desc')
        .limit(SHOWN)
        .execute()
    : [];
  if (!rows.length) return html`<p>Rien au journal pour l’instant.</p>`;
  return html`<p>Les ${SHOWN} dernières actions des éco-gestionnaires de vos quartiers (identifiants et chiffres
seulement).</p>
<div class="overflow-auto"><table class="striped"><thead><tr><th scope="col">Quand</th><th scope="col">Qui</th>
<th scope="col">Action</th><th scope="col">Détails</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td>${new Date(r.at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</td>
<td>${colleagues.get(r.actor) ?? ''}</td><td>${ACTIONS[r.action] ?? r.action}</td>
<td class="small">${r.details === '{}' ? '' : html`<code>${r.details}</code>`}</td></tr>`,
)}</tbody></table></div>`;
}
