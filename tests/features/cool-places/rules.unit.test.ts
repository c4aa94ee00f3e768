import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { clock, formatDayHours, parseDayHours } from '../../../src/features/cool-places/hours.js';
import {
  hoursToday,
  isNight,
  minutesLeft,
  openLaterToday,
  openness,
} from '../../../src/features/cool-places/openNow.js';
import {
  type CoolPlace,
  type DayHours,
  UNKNOWN_WEEK,
  sameHoursEveryDay,
} from '../../../src/features/cool-places/place.js';
import {
  centroid,
  distanceMetres,
  formatDistance,
  mapLink,
  nearestFirst,
} from '../../../src/features/cool-places/geo.js';

/** An instant given as Paris wall-clock time. */
const paris = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toJSDate();

const place = (over: Partial<CoolPlace> = {}): CoolPlace => ({
  id: 'p1',
  quartier: 'ilot-13',
  sourceId: null,
  name: 'Médiathèque Jean-Pierre Melville',
  kind: 'cooled',
  address: '79 rue Nationale',
  lat: 48.8277,
  lon: 2.3626,
  hours: sameHoursEveryDay(parseDayHours('10h00 - 19h00')!),
  heatWaveHours: null,
  nightOpening: false,
  open24h: false,
  wheelchair: true,
  free: true,
  note: null,
  closedOn: null,
  ...over,
});

describe('reading the open data hours', () => {
  it.each<[string, DayHours]>([
    ['10h00 - 20h00', [{ start: 600, end: 1200 }]],
    [
      '9h-12h / 14h-18h',
      [
        { start: 540, end: 720 },
        { start: 840, end: 1080 },
      ],
    ],
    ['08:30-22:00', [{ start: 510, end: 1320 }]],
    ['Fermé', []],
    ['fermé', []],
    ['-', null],
    ['', null],
    ['24h/24', [{ start: 0, end: 1440 }]],
    ['Ouvert 24h/24', [{ start: 0, end: 1440 }]],
    ['20h00 - 02h00', [{ start: 1200, end: 1560 }]],
    ['10h00 - 24h00', [{ start: 600, end: 1440 }]],
    ['de 7h à 21h30', [{ start: 420, end: 1290 }]],
  ])('"%s"', (raw, expected) => {
    expect(parseDayHours(raw)).toEqual(expected);
  });

  it.each(['le matin', '25h - 26h', '10h70 - 12h', 'sur rendez-vous'])('refuses "%s"', (raw) => {
    expect(parseDayHours(raw)).toBeUndefined();
  });

  it('writes hours back the way a resident reads them', () => {
    const words = { closed: 'fermé', unknown: 'horaires inconnus' };
    expect(formatDayHours(parseDayHours('9h-12h / 14h-18h')!, words)).toBe('9h00–12h00, 14h00–18h00');
    expect(formatDayHours(parseDayHours('20h - 2h')!, words)).toBe('20h00–2h00');
    expect(formatDayHours([], words)).toBe('fermé');
    expect(formatDayHours(null, words)).toBe('horaires inconnus');
    expect(clock(1560)).toBe('2h00');
  });
});

describe('open now, Paris time', () => {
  const quiet = (iso: string) => ({ now: paris(iso), heatWave: false });

  it('is open inside its hours and says how long is left, closed outside them', () => {
    const p = place();
    const o = openness(p, quiet('2026-07-15T17:30'));
    expect(o).toEqual({ open: true, closesAt: paris('2026-07-15T19:00') });
    expect(o.open && minutesLeft(o, paris('2026-07-15T17:30'))).toBe(90);
    expect(openness(p, quiet('2026-07-15T09:59')).open).toBe(false);
    expect(openness(p, quiet('2026-07-15T19:00')).open).toBe(false);
  });

  it('follows the weekday (a Monday closing) and never shows unknown hours as open', () => {
    const hours = sameHoursEveryDay(parseDayHours('10h - 19h')!);
    hours[0] = [];
    const p = place({ hours });
    expect(openness(p, quiet('2026-07-13T12:00')).open).toBe(false); // a Monday
    expect(openness(p, quiet('2026-07-14T12:00')).open).toBe(true);
    expect(openness(place({ hours: UNKNOWN_WEEK }), quiet('2026-07-14T12:00')).open).toBe(false);
  });

  it('a range past midnight is open after midnight the next day, until its end', () => {
    const hours = sameHoursEveryDay([]);
    hours[4] = parseDayHours('20h00 - 02h00')!; // Friday night only
    const p = place({ kind: 'park', hours });
    expect(openness(p, quiet('2026-07-17T23:00')).open).toBe(true); // Friday
    const o = openness(p, quiet('2026-07-18T01:15')); // Saturday, 1:15
    expect(o).toEqual({ open: true, closesAt: paris('2026-07-18T02:00') });
    expect(openness(p, quiet('2026-07-18T02:00')).open).toBe(false);
    expect(openness(p, quiet('2026-07-18T23:00')).open).toBe(false);
  });

  it('counts the real time left across the spring DST change (the night loses an hour)', () => {
    // 29 March 2026: clocks go from 2:00 to 3:00. A park open 22h–6h, at 1:30: 3h30 left, not 4h30.
    const p = place({ kind: 'park', hours: sameHoursEveryDay(parseDayHours('22h - 6h')!) });
    const o = openness(p, quiet('2026-03-29T01:30'));
    expect(o.open && minutesLeft(o, paris('2026-03-29T01:30'))).toBe(210);
    expect(o.open && o.closesAt?.toISOString()).toBe('2026-03-29T04:00:00.000Z');
  });

  it('counts the real time left across the autumn DST change (the night gains an hour)', () => {
    // 25 October 2026: clocks go from 3:00 back to 2:00. From 1:00 to 6:00 wall time is 6 hours.
    const p = place({ kind: 'park', hours: sameHoursEveryDay(parseDayHours('22h - 6h')!) });
    const at = DateTime.fromISO('2026-10-24T23:00:00Z').toJSDate(); // 1:00 CEST
    const o = openness(p, { now: at, heatWave: false });
    expect(o.open && minutesLeft(o, at)).toBe(360);
  });

  it('uses the heat-wave hours only while an alert runs', () => {
    const p = place({ heatWaveHours: sameHoursEveryDay(parseDayHours('9h - 22h')!) });
    expect(openness(p, { now: paris('2026-07-15T20:30'), heatWave: false }).open).toBe(false);
    const o = openness(p, { now: paris('2026-07-15T20:30'), heatWave: true });
    expect(o).toEqual({ open: true, closesAt: paris('2026-07-15T22:00') });
  });

  it('a park open non-stop during a heat wave has no closing time', () => {
    const p = place({ kind: 'park', heatWaveHours: sameHoursEveryDay(parseDayHours('24h/24')!) });
    const o = openness(p, { now: paris('2026-07-16T03:00'), heatWave: true });
    expect(o).toEqual({ open: true, closesAt: null });
    expect(openness(p, { now: paris('2026-07-16T03:00'), heatWave: false }).open).toBe(false);
  });

  it('summer night opening: open at night from June to September, usual hours otherwise', () => {
    const p = place({ kind: 'park', nightOpening: true, hours: sameHoursEveryDay(parseDayHours('8h - 21h')!) });
    expect(openness(p, quiet('2026-07-16T02:00'))).toEqual({ open: true, closesAt: null });
    expect(openness(p, quiet('2026-11-16T02:00')).open).toBe(false);
  });

  it('closed for today by an eco-manager: closed all that Paris day, open again the next', () => {
    const p = place({ closedOn: '2026-07-15' });
    expect(openness(p, quiet('2026-07-15T12:00')).open).toBe(false);
    expect(openLaterToday(p, quiet('2026-07-15T08:00'))).toBe(false);
    expect(openness(p, quiet('2026-07-16T12:00')).open).toBe(true);
  });

  it('open later today: a library not yet open in the morning counts, one closed for the evening does not', () => {
    const p = place();
    expect(openLaterToday(p, quiet('2026-07-15T08:00'))).toBe(true);
    expect(openLaterToday(p, quiet('2026-07-15T20:00'))).toBe(false);
    expect(hoursToday(p, quiet('2026-07-15T20:00'))).toEqual([{ start: 600, end: 1140 }]);
  });

  it('night is 22h to 6h in Paris, whatever the UTC offset', () => {
    expect(isNight(paris('2026-07-15T22:00'))).toBe(true);
    expect(isNight(paris('2026-07-15T05:59'))).toBe(true);
    expect(isNight(paris('2026-07-15T06:00'))).toBe(false);
    expect(isNight(paris('2026-01-15T21:59'))).toBe(false);
  });
});

describe('distances and maps', () => {
  it('measures a known distance (Place d’Italie → Butte-aux-Cailles, about 650 m)', () => {
    const d = distanceMetres({ lat: 48.8313, lon: 2.3557 }, { lat: 48.8276, lon: 2.3493 });
    expect(d).toBeGreaterThan(600);
    expect(d).toBeLessThan(700);
  });

  it('orders the nearest first', () => {
    const from = { lat: 48.8714, lon: 2.3829 };
    const sorted = nearestFirst(
      [
        { name: 'far', lat: 48.88, lon: 2.4 },
        { name: 'near', lat: 48.8716, lon: 2.383 },
        { name: 'middle', lat: 48.874, lon: 2.385 },
      ],
      from,
    );
    expect(sorted.map((s) => s.name)).toEqual(['near', 'middle', 'far']);
    expect(sorted[0]!.metres).toBeLessThan(sorted[1]!.metres);
  });

  it('writes distances as one walks them, and an OpenStreetMap link with a marker', () => {
    expect(formatDistance(343, 'fr')).toBe('340 m');
    expect(formatDistance(1234, 'fr')).toBe('1,2 km');
    expect(formatDistance(1234, 'en')).toBe('1.2 km');
    expect(mapLink({ lat: 48.87142, lon: 2.38291 })).toBe(
      'https://www.openstreetmap.org/?mlat=48.87142&mlon=2.38291#map=18/48.87142/2.38291',
    );
  });

  it('takes the middle of a shape as its point', () => {
    expect(
      centroid([
        [2.35, 48.83],
        [2.36, 48.83],
        [2.36, 48.84],
        [2.35, 48.84],
      ]),
    ).toEqual({
      lat: 48.835,
      lon: 2.355,
    });
  });
});
