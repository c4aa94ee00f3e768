import { DateTime } from 'luxon';
import { z } from 'zod';
import { PARIS_ZONE } from '../../domain/parisTime.js';
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

/** A map that is not what Météo-France publishes (a colour outside 1–4, unreadable dates): nothing is drafted. */
export class VigilanceMapRefused extends Error {}

/**
 * The canicule colour of Paris for each period; a period with no canicule item is green. Throws when malformed,
 * when a colour is outside 1–4 (never clamped: a 9 must not become a red alert) or a date cannot be read.
 */
export function parisCanicule(raw: unknown): ParisCanicule[] {
  const map = VigilanceMap.parse(raw);
  return map.product.periods.map((p) => {
    const paris = p.timelaps.domain_ids.find((d) => d.domain_id === PARIS);
    const item = paris?.phenomenon_items.find((i) => i.phenomenon_id === CANICULE);
    const colour = item?.phenomenon_max_color_id ?? 1;
    if (colour < 1 || colour > 4) throw new VigilanceMapRefused(`colour ${colour} is not a vigilance colour`);
    const begin = new Date(p.begin_validity_time);
    const end = new Date(p.end_validity_time);
    if (Number.isNaN(begin.getTime()) || Number.isNaN(end.getTime()) || end <= begin)
      throw new VigilanceMapRefused('a period has unreadable dates');
    return { echeance: p.echeance, begin, end, colour: colour as VigilanceColour };
  });
}

/**
 * Only periods that still cover today or tomorrow in Paris count: an old map (a cache, a replay) drafts nothing.
 */
export function currentPeriods(periods: ParisCanicule[], now: Date): ParisCanicule[] {
  const endOfTomorrow = DateTime.fromJSDate(now, { zone: PARIS_ZONE }).startOf('day').plus({ days: 2 }).toJSDate();
  return periods.filter((p) => p.end > now && p.begin < endOfTomorrow);
}
