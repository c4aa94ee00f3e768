import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import type { ConversationKit } from '../feature.js';
import { networkButtons } from './buttons.js';

type ExportDeps = Pick<AppContext, 'audit' | 'config' | 'now' | 'registry'>;

/**
 * /export: the CSV for the mairie's registry of vulnerable persons, for one quartier the eco-manager manages —
 * only people supported who gave the separate consent; audited. Asks which quartier when there are several.
 */
export async function exportRegistry(
  deps: ExportDeps,
  kit: Pick<ConversationKit, 'refuse'>,
  person: Person,
  env: FlowEnv,
  asked: string,
): Promise<Reply[]> {
  if (!env.managedQuartiers.length) return kit.refuse(person, env, 'export');
  if (!deps.config.registryExport) return [{ text: env.t('registry.off') }];
  const mine = deps.config.quartiers.filter((q) => env.managedQuartiers.includes(q.id));
  const wanted = asked.trim().toLowerCase();
  const quartier =
    mine.length === 1 && !wanted ? mine[0] : mine.find((q) => q.id === wanted || q.name.toLowerCase() === wanted);
  if (!quartier) {
    return [
      {
        text: env.t('registry.whichQuartier'),
        options: mine.map((q) => ({ value: networkButtons.exportRegistry.encode({ quartier: q.id }), label: q.name })),
      },
    ];
  }
  const { csv, count } = await deps.registry.csv(quartier.id);
  await deps.audit.record(person.id, 'registry.export', { quartier: quartier.id, count });
  if (!count) return [{ text: env.t('registry.nobody', { quartier: quartier.name }) }];
  const day = deps.now().toISOString().slice(0, 10);
  return [
    {
      text: env.t('registry.sent', { count, quartier: quartier.name }),
      attachment: { fileName: `registre-${quartier.id}-${day}.csv`, mimeType: 'text/csv', content: csv },
    },
  ];
}
