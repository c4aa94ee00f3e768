import { dataKey } from '../i18n/translator.js';
import type { ConsoleDeps } from './server.js';
import { html } from './html.js';
import type { ConsolePage, ConsoleRequest } from './page.js';

/** Entries shown, newest first. */
const SHOWN = 200;

/**
 * *Journal*: the audit log of her quartiers — what she and the other eco-managers of these quartiers did (the
 * log holds ids and figures, never personal data). Residents' own entries are not shown.
 */
export const journalPage = (deps: Pick<ConsoleDeps, 'db' | 'config' | 'people'>): ConsolePage => ({
  id: 'journal',
  path: '/journal',
  title: 'console.journal.title',
  at: 70,
  routes: [
    {
      method: 'get',
      path: '',
      handle: async (req) => ({ title: req.env.t('console.journal.title'), page: await journal(deps, req) }),
    },
  ],
});

async function journal(deps: Pick<ConsoleDeps, 'db' | 'config' | 'people'>, req: ConsoleRequest) {
  const t = req.env.t;
  const colleagues = new Map<string, string>();
  for (const m of deps.config.ecoManagers.filter((e) => e.quartiers.some((q) => req.quartiers.includes(q)))) {
    const person = await deps.people.find(m.channel, m.userId);
    if (!person) continue;
    const who =
      person.id === req.identity.id ? t('console.journal.you') : t('console.journal.colleague', { channel: m.channel });
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
  if (!rows.length) return html`<p>${t('console.journal.empty')}</p>`;
  // An action without a name of its own (a resident's kind) shows its code.
  const actionName = (action: string) => {
    const key = dataKey(`console.journal.actions.${action}`);
    const name = t(key);
    return name === key ? action : name;
  };
  const locale = req.env.lang === 'fr' ? 'fr-FR' : 'en-GB';
  return html`<p>${t('console.journal.intro', { count: SHOWN })}</p>
<div class="overflow-auto"><table class="striped"><thead><tr><th scope="col">${t('console.journal.when')}</th>
<th scope="col">${t('console.journal.who')}</th><th scope="col">${t('console.journal.action')}</th>
<th scope="col">${t('console.journal.details')}</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td>${new Date(r.at).toLocaleString(locale, { timeZone: 'Europe/Paris' })}</td>
<td>${colleagues.get(r.actor) ?? ''}</td><td>${actionName(r.action)}</td>
<td class="small">${r.details === '{}' ? '' : html`<code>${r.details}</code>`}</td></tr>`,
)}</tbody></table></div>`;
}
