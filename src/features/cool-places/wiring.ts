import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { HeatAlertExtras } from '../../domain/heatAlertExtras.js';
import type { Person } from '../../storage/people.js';
import { configOf } from '../feature.js';
import { addressGeocoder } from './geocoder.js';
import type { When } from './openNow.js';
import { CoolPlaces } from './repository.js';
import { type Asker, type CoolPlacesDeps, alertPicks, escalationPlace, helpOffer } from './residentDesk.js';
import { COOL_PLACES } from './texts.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The feature's environment: the national address API (unset: distances from the quartier's centre). */
export const CoolPlacesConfig = z.object({
  ADRESSE_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
});

/** What the feature reads of the app. */
export type CoolPlacesContext = Pick<AppContext, 'db' | 'now' | 'config' | 'alerts' | 'network'>;

// One repository and one geocoder (its cache) per app, whoever asks (the chat, the delivery worker).
const built = new WeakMap<object, CoolPlacesDeps>();

export function depsOf(ctx: CoolPlacesContext): CoolPlacesDeps {
  let deps = built.get(ctx);
  if (!deps) {
    const { ADRESSE_API_URL } = configOf(ctx.config, COOL_PLACES, CoolPlacesConfig);
    deps = {
      places: new CoolPlaces(ctx.db, ctx.now),
      geocoder: ADRESSE_API_URL ? addressGeocoder({ baseUrl: ADRESSE_API_URL }) : undefined,
      quartiers: ctx.config.quartiers,
    };
    built.set(ctx, deps);
  }
  return deps;
}

/** Now, with heat-wave hours while an alert runs in the quartier. */
export async function whenIn(ctx: CoolPlacesContext, quartier: string | undefined): Promise<When> {
  const heatWave = quartier ? (await ctx.alerts.activeFor([quartier])).length > 0 : false;
  return { now: ctx.now(), heatWave };
}

/** The person asking: their language and, if they joined, their quartier and building. */
export async function askerOf(ctx: CoolPlacesContext, person: Pick<Person, 'id' | 'language'>): Promise<Asker> {
  const member = person.id ? await ctx.network.get(person.id) : undefined;
  return { lang: person.language, quartier: member?.quartier, address: member?.address };
}

/** The cool places' lines in the heat-alert messages (src/domain/heatAlertExtras.ts). */
export function coolPlacesExtras(ctx: CoolPlacesContext): HeatAlertExtras {
  // A broadcast asks whether its quartier is in a heat wave once per message, many at once: one read answers
  // those asking meanwhile, and a "yes" is kept a second (an alert that just ended may still count as one for
  // that second); a "no" is asked again.
  const heatWave = new Map<string, { at: number; answer: Promise<boolean> }>();
  const inHeatWave = async (quartier: string | undefined): Promise<When> => {
    if (!quartier) return whenIn(ctx, quartier);
    let seen = heatWave.get(quartier);
    if (!seen || seen.at <= performance.now() - 1000) {
      const answer = whenIn(ctx, quartier).then((w) => w.heatWave);
      seen = { at: performance.now(), answer };
      heatWave.set(quartier, seen);
      const asked = seen;
      void answer.then(
        (yes) => !yes && heatWave.get(quartier) === asked && heatWave.delete(quartier),
        () => heatWave.get(quartier) === asked && heatWave.delete(quartier),
      );
    }
    return { now: ctx.now(), heatWave: await seen.answer };
  };
  return {
    async lines(moment, about, lang) {
      const deps = depsOf(ctx);
      // Where they live, when the caller read it already (the delivery worker, with each delivery).
      const known = about.whereabouts;
      const asker =
        known === undefined
          ? await askerOf(ctx, { id: about.personId, language: lang })
          : { lang, quartier: known?.quartier, address: known?.address };
      const when = await inHeatWave(asker.quartier);
      if (moment === 'alert') return alertPicks(deps, asker, when, 3);
      if (moment === 'checkin') return alertPicks(deps, asker, when, 2);
      if (moment === 'help') return helpOffer(deps, asker, when);
      return escalationPlace(deps, asker, lang, when);
    },
  };
}
