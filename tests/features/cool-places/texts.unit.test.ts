import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { inQuartier, readOpenData } from '../../../src/features/cool-places/openData.js';
import { type CoolPlace, PLACE_KINDS } from '../../../src/features/cool-places/place.js';
import { QUARTIER_AREAS } from '../../../src/features/cool-places/quartiers.js';
import {
  type Origin,
  duration,
  renderAlertPicks,
  renderEscalationPlace,
  renderHelpOffer,
  renderNearby,
} from '../../../src/features/cool-places/render.js';
import { COOL_PLACES_LOCALES, coolTexts } from '../../../src/features/cool-places/texts.js';
import { registerLocales } from '../../../src/i18n/translator.js';
import { FEATURE_LOCALES } from '../../../src/features/index.js';
import { coolPlaces } from '../../../src/features/cool-places/module.js';
import { translator } from '../../../src/i18n/translator.js';

// The feature's texts, merged by the translator as the app does at start (src/app.ts).
registerLocales(FEATURE_LOCALES);

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cool-places/${name}`, import.meta.url), 'utf8');
const paris = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toJSDate();
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

/** The Ilot 13 places of the fixtures, as stored. */
const ilot13: CoolPlace[] = inQuartier(
  [...readOpenData(fixture('equipements-activites.csv')).places, ...readOpenData(fixture('espaces-verts.csv')).places],
  QUARTIER_AREAS['ilot-13']!,
).map((p, i) => ({ ...p, id: `p${i}`, quartier: 'ilot-13', closedOn: null }));

// A building on rue Bobillot, near the Butte-aux-Cailles.
const home: Origin = { point: { lat: 48.8268, lon: 2.3515 }, fromCentre: false, quartierName: 'Ilot 13' };
const centre: Origin = { point: QUARTIER_AREAS['ilot-13']!.centre, fromCentre: true, quartierName: 'Ilot 13' };

describe('the feature’s texts', () => {
  it('French and English have the same keys and the same {parameters}; every kind and import error has its text', () => {
    const fr = keys(COOL_PLACES_LOCALES.fr).sort();
    expect(keys(COOL_PLACES_LOCALES.en).sort()).toEqual(fr);
    const params = (lang: 'fr' | 'en', k: string) =>
      [...coolTexts(lang)(k as never).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of fr) expect(params('en', k), k).toEqual(params('fr', k));
    for (const kind of PLACE_KINDS) expect(fr).toContain(`kind.${kind}`);
    for (const code of ['format', 'columns', 'empty', 'coordinates', 'name', 'outside'])
      expect(fr).toContain(`import.error.${code}`);
  });

  it('writes durations the way one says them', () => {
    const t = coolTexts('fr');
    expect(duration(135, t)).toBe('2 h 15');
    expect(duration(120, t)).toBe('2 h');
    expect(duration(45, t)).toBe('45 min');
    expect(duration(65, t)).toBe('1 h 05');
  });
});

describe('the places open now near you', () => {
  it('a Tuesday afternoon: open places nearest first, hours left, access, price and a map link', () => {
    const text = renderNearby(ilot13, home, { now: paris('2026-07-14T17:30'), heatWave: false }, 'fr');
    const order = [
      'Piscine de la Butte-aux-Cailles',
      'Église Sainte-Anne de la Butte-aux-Cailles',
      "Brumisateur Place d'Italie",
      'Jardin du Moulin de la Pointe',
      'Parc de Choisy',
    ].map((n) => text.indexOf(n));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toMatch(/^Lieux frais ouverts maintenant près de chez vous :/);
    expect(text).toContain('1. Piscine de la Butte-aux-Cailles (piscine) — 50 m\n5 place Paul Verlaine\n');
    expect(text).toContain('2. Église Sainte-Anne de la Butte-aux-Cailles (lieu naturellement frais) — 80 m');
    expect(text).toContain('… et 2 autres lieux ouverts.'); // the library and the square, farther
    expect(text).toContain("ouvert encore 1 h 30 (jusqu'à 19h00) · gratuit");
    expect(text).toContain("ouvert encore 2 h 30 (jusqu'à 20h00) · payant"); // the pool
    expect(text).toContain('https://www.openstreetmap.org/?mlat=48.82620&mlon=2.35090#map=18/48.82620/2.35090');
    expect(text).not.toContain('centre du quartier');
    expect(text).toContain('Période estivale'); // the open data's note; "Ouvert" alone is not worth a line
    expect(text).not.toMatch(/^Ouvert$/m);
    expect(text.length).toBeLessThanOrEqual(4096);
  });

  it('without the building’s position: counted from the quartier’s centre, and says so', () => {
    const text = renderNearby(ilot13, centre, { now: paris('2026-07-14T17:30'), heatWave: false }, 'fr');
    expect(text).toContain(
      "Je n'ai pas pu situer votre immeuble : les distances sont comptées depuis le centre du quartier Ilot 13.",
    );
    expect(text.indexOf("Brumisateur Place d'Italie")).toBeLessThan(text.indexOf('Piscine de la Butte-aux-Cailles'));
  });

  it('at night: only parks open at night; with an alert, the parks open non-stop join them', () => {
    const quiet = renderNearby(ilot13, home, { now: paris('2026-07-15T01:00'), heatWave: false }, 'fr');
    expect(quiet).toMatch(/^Cette nuit, les parcs ouverts près de chez vous :/);
    expect(quiet).toContain('Parc de Choisy'); // summer night opening
    expect(quiet).toContain('Jardin du Moulin de la Pointe'); // 24h/24
    expect(quiet).not.toContain('Square René Le Gall');
    expect(quiet).not.toContain('Brumisateur'); // 24h/24, but not a place to spend the night
    const alert = renderNearby(ilot13, home, { now: paris('2026-07-15T01:00'), heatWave: true }, 'fr');
    expect(alert).toContain('Square René Le Gall'); // open non-stop during a heat wave
    expect(alert).toContain('ouvert jour et nuit');
  });

  it('heat-wave hours are named in the title; English reads as English', () => {
    const text = renderNearby(ilot13, home, { now: paris('2026-07-14T17:30'), heatWave: true }, 'en');
    expect(text).toMatch(/^Cool places open now near you \(heat-wave hours\):/);
    expect(text).toContain('open 1 h 30 more (until 19h00) · free');
  });

  it('nothing open, no place at all, and a list too long for one message', () => {
    const closed = ilot13.filter((p) => p.kind === 'cooled');
    const night = renderNearby(closed, home, { now: paris('2026-07-15T23:00'), heatWave: false }, 'fr');
    expect(night).toContain("Aucun parc n'est ouvert cette nuit près de chez vous.");
    expect(renderNearby([], home, { now: paris('2026-07-15T12:00'), heatWave: false }, 'fr')).toContain(
      "Le quartier Ilot 13 n'a pas encore de lieux frais enregistrés.",
    );
    const many = Array.from({ length: 200 }, (_, i) => ({
      ...ilot13[0]!,
      id: `m${i}`,
      name: `Bibliothèque au nom très long numéro ${i} ${'x'.repeat(80)}`,
      note: 'y'.repeat(200),
    }));
    const long = renderNearby(many, home, { now: paris('2026-07-15T12:00'), heatWave: false }, 'fr', 200);
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long).toMatch(/… et \d+ autres lieux ouverts\./);
  });
});

describe('in the alert and the call for help', () => {
  it('the alert message names three places open today, nearest first, with today’s hours', () => {
    const text = renderAlertPicks(ilot13, home, { now: paris('2026-07-14T08:00'), heatWave: true }, 'fr');
    const lines = text.split('\n');
    expect(lines[0]).toBe("Lieux frais ouverts aujourd'hui près de chez vous :");
    expect(lines).toHaveLength(4);
    expect(lines.slice(1)).toEqual([
      '• Piscine de la Butte-aux-Cailles, 5 place Paul Verlaine (50 m) — 7h00–8h30, 11h30–20h00',
      '• Église Sainte-Anne de la Butte-aux-Cailles, 188 rue de Tolbiac (80 m) — 8h30–19h00',
      "• Brumisateur Place d'Italie, place d'Italie (590 m) — 24h/24",
    ]);
  });

  it('a Monday the library is closed: it is left out; nothing open today gives no part at all', () => {
    const cooled = ilot13.filter((p) => p.kind === 'cooled');
    expect(renderAlertPicks(cooled, home, { now: paris('2026-07-13T08:00'), heatWave: true }, 'fr')).toBe('');
    expect(renderAlertPicks(cooled, home, { now: paris('2026-07-14T08:00'), heatWave: true }, 'fr')).toContain(
      'Médiathèque Jean-Pierre Melville',
    );
  });

  it('the nearest air-conditioned place open now, for the person and for the volunteer', () => {
    const when = { now: paris('2026-07-14T15:00'), heatWave: true };
    const offer = renderHelpOffer(ilot13, home, when, 'fr');
    expect(offer).toContain('le lieu climatisé le plus proche : Médiathèque Jean-Pierre Melville, 79 rue Nationale');
    expect(offer).toContain("ouvert encore 4 h (jusqu'à 19h00)");
    expect(offer).toContain('https://www.openstreetmap.org/?mlat=48.82830&mlon=2.36320');
    expect(renderEscalationPlace(ilot13, home, when, 'en')).toBe(
      'Nearest air-conditioned place to their home: Médiathèque Jean-Pierre Melville, 79 rue Nationale (870 m), ' +
        'open 4 h more (until 19h00).',
    );
    expect(renderHelpOffer(ilot13, home, { ...when, now: paris('2026-07-14T21:00') }, 'fr')).toBe('');
  });
});

describe("the feature's flows", () => {
  it('every question, hint and button of the edit and add flows has a text in French and in English', () => {
    // Their steps read the context only when they run: the texts need none.
    const flows = coolPlaces.flows!({} as never);
    expect(flows.map((f) => f.id)).toEqual(['cool-place-edit', 'cool-place-add']);
    let checked = 0;
    for (const lang of ['fr', 'en'] as const) {
      const t = translator(lang);
      const env = { personId: 'p', lang, t, quartiers: [], managedQuartiers: [], now: () => new Date(0) };
      for (const flow of flows) {
        for (const step of flow.steps) {
          const prompt = typeof step.prompt === 'function' ? step.prompt({}) : step.prompt;
          const options =
            step.input.kind === 'choice' ? step.input.options({}, env) : (step.input.suggestions?.({}, env) ?? []);
          for (const key of [prompt, step.errorKey, ...options.filter((o) => !o.literal).map((o) => o.label)]) {
            expect(t(key as never), `${flow.id}.${step.id}: ${key}`).not.toBe(key);
            checked++;
          }
          for (const o of options.filter((x) => x.literal)) expect(o.label).not.toMatch(/^(kind|edit|add)\./);
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});
