import type { Reply } from '../../core/messages.js';
import type { Geocoder } from './geocoder.js';
import type { When } from './openNow.js';
import { quartierArea } from './quartiers.js';
import { type Origin, renderAlertPicks, renderEscalationPlace, renderHelpOffer, renderNearby } from './render.js';
import type { CoolPlaces } from './repository.js';
import { type Lang, coolTexts } from './texts.js';

/** What the feature needs from the app: its repository, the geocoder when ADRESSE_API_URL is set, the quartiers. */
export interface CoolPlacesDeps {
  places: CoolPlaces;
  geocoder: Geocoder | undefined;
  quartiers: { id: string; name: string }[];
}

/** Who asks: their language, and (if they joined) their quartier and building. */
export interface Asker {
  lang: Lang;
  quartier: string | undefined;
  address: string | undefined;
}

/** A button's value: "cp:q:<quartier>" (a quartier chosen by someone who has not joined). */
export const RESIDENT_QUARTIER_BUTTON = 'cp:q:';

/** Where distances are counted from: the geocoded building when the address API knows it, else the centre. */
export async function originOf(deps: CoolPlacesDeps, quartier: string, address: string | undefined): Promise<Origin> {
  const area = quartierArea(quartier);
  const quartierName = deps.quartiers.find((q) => q.id === quartier)?.name ?? quartier;
  const centre = area?.centre ?? { lat: 48.8566, lon: 2.3522 };
  const located = address && deps.geocoder ? await deps.geocoder.locate(address, centre) : undefined;
  return located
    ? { point: located, fromCentre: false, quartierName }
    : { point: centre, fromCentre: true, quartierName };
}

/**
 * /frais, or "où aller au frais ?": the places of the person's quartier open now, nearest their building first.
 * Someone who has not joined picks a quartier first (then `args` holds it).
 */
export async function whereIsCool(deps: CoolPlacesDeps, asker: Asker, when: When): Promise<Reply[]> {
  const t = coolTexts(asker.lang);
  if (!asker.quartier || !deps.quartiers.some((q) => q.id === asker.quartier)) {
    const options = deps.quartiers.map((q) => ({ value: `${RESIDENT_QUARTIER_BUTTON}${q.id}`, label: q.name }));
    return [{ text: t('near.noQuartier'), options }];
  }
  const origin = await originOf(deps, asker.quartier, asker.address);
  const places = await deps.places.list(asker.quartier);
  return [{ text: renderNearby(places, origin, when, asker.lang) }];
}

/** The part of the alert message and of the morning check-in: two or three places open today ('' if none). */
export async function alertPicks(deps: CoolPlacesDeps, asker: Asker, when: When, count = 3): Promise<string> {
  if (!asker.quartier) return '';
  const origin = await originOf(deps, asker.quartier, asker.address);
  return renderAlertPicks(await deps.places.list(asker.quartier), origin, when, asker.lang, count);
}

/** Offered to a person supported who answered "J'ai besoin d'aide" ('' when no cooled place is open). */
export async function helpOffer(deps: CoolPlacesDeps, asker: Asker, when: When): Promise<string> {
  if (!asker.quartier) return '';
  const origin = await originOf(deps, asker.quartier, asker.address);
  return renderHelpOffer(await deps.places.list(asker.quartier), origin, when, asker.lang);
}

/** The sentence of the volunteer's escalation naming that place, in the volunteer's language. */
export async function escalationPlace(
  deps: CoolPlacesDeps,
  supported: Omit<Asker, 'lang'>,
  volunteerLang: Lang,
  when: When,
): Promise<string> {
  if (!supported.quartier) return '';
  const origin = await originOf(deps, supported.quartier, supported.address);
  return renderEscalationPlace(await deps.places.list(supported.quartier), origin, when, volunteerLang);
}
