/** A cool place of a quartier: where a resident can go during a heat wave (the feature's model, no I/O). */

export const PLACE_KINDS = ['park', 'cooled', 'naturally_cool', 'pool', 'misting', 'fountain', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Minutes after midnight; `end` may pass 1440 when a range runs past midnight ("20h00 - 02h00" → 1200–1560). */
export interface Interval {
  start: number;
  end: number;
}

/**
 * Hours of one weekday: its intervals ([] = closed that day), or null when the source says nothing ("-", empty):
 * unknown hours are never shown as open.
 */
export type DayHours = Interval[] | null;

/** Monday first (index 0), as luxon's weekday − 1 and the open-data columns horaires_lundi … horaires_dimanche. */
export type WeekHours = [DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours];

export interface CoolPlace {
  id: string;
  quartier: string;
  /** Where it comes from: "opendata:<dataset>:<identifiant>" for an import (re-imports update it), null by hand. */
  sourceId: string | null;
  name: string;
  kind: PlaceKind;
  address: string;
  lat: number;
  lon: number;
  hours: WeekHours;
  /** Extended hours while a heat alert runs (null: the usual ones). */
  heatWaveHours: WeekHours | null;
  /** Open day and night all summer (the City's "ouverture estivale nocturne"). */
  nightOpening: boolean;
  open24h: boolean;
  /** null: unknown. */
  wheelchair: boolean | null;
  /** null: unknown. */
  free: boolean | null;
  note: string | null;
  /** A Paris date (yyyy-MM-dd) on which an eco-manager closed it for the day ("fermé aujourd'hui"). */
  closedOn: string | null;
}

export const ALWAYS: Interval[] = [{ start: 0, end: 1440 }];

export const sameHoursEveryDay = (day: DayHours): WeekHours => [day, day, day, day, day, day, day];

export const UNKNOWN_WEEK: WeekHours = sameHoursEveryDay(null);
