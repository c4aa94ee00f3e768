import { z } from 'zod';
import type { Level } from './heatAlerts.js';

/** Météo-France's vigilance colours: 1 green, 2 yellow, 3 orange, 4 red. */
export type VigilanceColour = 1 | 2 | 3 | 4;
export const LEVEL_OF_COLOUR: Record<2 | 3 | 4, Level> = { 2: 'yellow', 3: 'orange', 4: 'red' };

/** Paris (département 75), canicule (phénomène 6). */
const PARIS = '75';
const CANICULE = '6';

/**
 * The part of DPVigilance's `cartevigilance/encours` answer we read: per period (échéance J, J1), per
 * département, per phenomenon, the highest colour. Everything else in the answer is let through unread.
 */
const VigilanceMap = z.looseObject({
  product: z.looseObject({
    periods: z.array(
      z.looseObject({
        echeance: z.string(),
        begin_validity_time: z.string(),
        end_validity_time: z.string(),
        timelaps: z.looseObject({
          domain_ids: z.array(
            z.looseObject({
              domain_id: z.string(),
              phenomenon_items: z
                .array(z.looseObject({ phenomenon_id: z.string(), phenomenon_max_color_id: z.number().int() }))
                .default([]),
            }),
          ),
        }),
      }),
    ),
  }),
});

export interface ParisCanicule {
  echeance: string;
  begin: Date;
  end: Date;
  colour: VigilanceColour;
}

/** The canicule colour of Paris for each period; a period with no canicule item is green. Throws when malformed. */
export function parisCanicule(raw: unknown): ParisCanicule[] {
  const map = VigilanceMap.parse(raw);
  return map.product.periods.map((p) => {
    const paris = p.timelaps.domain_ids.find((d) => d.domain_id === PARIS);
    const item = paris?.phenomenon_items.find((i) => i.phenomenon_id === CANICULE);
    const colour = Math.min(4, Math.max(1, item?.phenomenon_max_color_id ?? 1)) as VigilanceColour;
    return { echeance: p.echeance, begin: new Date(p.begin_validity_time), end: new Date(p.end_validity_time), colour };
  });
}
