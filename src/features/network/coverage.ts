import type { AppContext } from '../context.js';
import { translator } from '../../i18n/translator.js';
import type { DeliveryTexts } from '../feature.js';
import { managersAsPeople } from '../../domain/managers.js';
import { personLabel } from '../../domain/address.js';

type ReportDeps = Pick<AppContext, 'config' | 'ecoManagers' | 'now' | 'people' | 'queues'>;

/**
 * People supported left without any volunteer: one message per person and eco-manager of the quartier, a
 * delivery row first, put at the head of the queue (during an alert it passes the broadcast).
 */
export function reportUncovered(deps: ReportDeps) {
  return async (quartier: string, supportedIds: string[]): Promise<void> => {
    const managers = await managersAsPeople(deps, deps.ecoManagers.for(quartier));
    const at = deps.now().getTime();
    await deps.queues.deliveries.enqueue(
      supportedIds.flatMap((id) =>
        managers.map((mp) => ({
          key: `coverage-${id}-${mp.id}-${at}`,
          kind: 'coverage-hole' as const,
          ref: id,
          personId: mp.id,
          channel: mp.channel,
          urgent: true,
        })),
      ),
    );
  };
}

/** What the eco-manager reads: who is uncovered, and who nearby could take them on. */
export const coverageTexts: DeliveryTexts = {
  kinds: ['coverage-hole'],
  create: (ctx) => async (payload, person) => {
    const m = await ctx.network.get(payload.ref);
    if (m?.role !== 'supported') return undefined; // left meanwhile
    if ((await ctx.matching.volunteersOf(m.personId)).length) return undefined; // covered meanwhile
    const t = translator(person.language);
    const cover = await ctx.network.coverFor(m);
    return {
      text:
        t('coverage.hole', {
          who: personLabel(m),
          quartier: ctx.config.quartiers.find((q) => q.id === m.quartier)?.name ?? m.quartier,
          candidates: cover.length ? cover.map(personLabel).join(' ; ') : t('coverage.nobody'),
        }) + (cover.length ? t('coverage.choose') : ''), // /binomes only when there is someone to choose
    };
  },
};
