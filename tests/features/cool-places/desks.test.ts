import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressGeocoder } from '../../../src/features/cool-places/geocoder.js';
import { importOpenData } from '../../../src/features/cool-places/importer.js';
import {
  MANAGER_BUTTONS,
  importFile,
  listPlaces,
  readEdit,
  setClosedToday,
  showPlace,
} from '../../../src/features/cool-places/managerDesk.js';
import {
  type CoolPlacesDeps,
  alertPicks,
  escalationPlace,
  helpOffer,
  whereIsCool,
} from '../../../src/features/cool-places/residentDesk.js';
import { CoolPlaces } from '../../../src/features/cool-places/repository.js';
import { DEFAULT_QUARTIERS } from '../../../src/configValues.js';
import { type Db, openDatabase } from '../../../src/storage/database.js';
import { FEATURE_LOCALES, FEATURE_MIGRATIONS } from '../../../src/features/index.js';
import { startAddressApi } from '../../support/addressApiStandIn.js';
import { DB_KINDS, type TestSpace, createTestSpace } from '../../support/env.js';
import { registerLocales } from '../../../src/i18n/translator.js';

// The feature's texts, merged by the translator as the app does at start (src/app.ts).
registerLocales(FEATURE_LOCALES);

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cool-places/${name}`, import.meta.url), 'utf8');
const paris = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toJSDate();
// A Tuesday of a heat alert.
const afternoon = { now: paris('2026-07-14T17:30'), heatWave: true };
const text = (replies: { text: string }[] | undefined) => (replies ?? []).map((r) => r.text).join('\n');

describe.each(DB_KINDS)('cool places in chat (%s)', (kind) => {
  let space: TestSpace;
  let db: Db;
  let api: Awaited<ReturnType<typeof startAddressApi>>;
  let deps: CoolPlacesDeps;
  beforeAll(async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database, { features: FEATURE_MIGRATIONS });
    api = await startAddressApi();
    const places = new CoolPlaces(db, () => afternoon.now);
    deps = { places, geocoder: addressGeocoder({ baseUrl: api.url }), quartiers: DEFAULT_QUARTIERS };
    for (const q of ['ilot-13', 'bas-belleville'])
      await importOpenData(places, q, fixture('equipements-activites.csv'));
    for (const q of ['ilot-13', 'rosa-parks', 'bas-belleville'])
      await importOpenData(places, q, fixture('espaces-verts.geojson'));
    await importOpenData(places, 'bas-belleville', fixture('fontaines-a-boire.geojson'));
  });
  afterAll(async () => {
    await api.close();
    await db.destroy();
    await space.cleanup();
  });

  it('/frais for a resident of Bas-Belleville: their quartier’s places, nearest their building first', async () => {
    const reply = text(
      await whereIsCool(deps, { lang: 'fr', quartier: 'bas-belleville', address: '12 rue Ramponeau' }, afternoon),
    );
    expect(reply).toMatch(/^Lieux frais ouverts maintenant près de chez vous \(horaires canicule\) :/);
    expect(reply).toContain('1. Fontaine Wallace (fontaine à boire) — 120 m\n12 boulevard de Belleville');
    expect(reply).not.toContain('21 rue de Belleville'); // the fountain out of order (dispo NON)
    expect(reply).toContain('Parc de Belleville (parc ou jardin)');
    expect(reply).toContain('Bibliothèque Couronnes - Naguib Mahfouz');
    expect(reply).not.toContain('centre du quartier');
    expect(reply).not.toMatch(/Butte-aux-Cailles|Choisy|Gainsbourg/);
  });

  it('a resident of another quartier gets theirs; an address the API cannot place, the centre and a note', async () => {
    const reply = text(
      await whereIsCool(deps, { lang: 'fr', quartier: 'rosa-parks', address: '8 rue imaginaire' }, afternoon),
    );
    expect(reply).toContain('les distances sont comptées depuis le centre du quartier Rosa Parks');
    expect(reply).toContain('Jardin Serge Gainsbourg');
    expect(reply).not.toMatch(/Belleville|Butte-aux-Cailles/);
    const offline = { ...deps, geocoder: undefined };
    expect(
      text(await whereIsCool(offline, { lang: 'en', quartier: 'ilot-13', address: '24 rue Bobillot' }, afternoon)),
    ).toContain('I could not locate your building: distances are from the centre of Ilot 13.');
  });

  it('someone who has not joined chooses a quartier first', async () => {
    const [reply] = await whereIsCool(deps, { lang: 'fr', quartier: undefined, address: undefined }, afternoon);
    expect(reply!.text).toBe(
      'Dans quel quartier êtes-vous ? Je vous indique les lieux frais ouverts près de chez vous.',
    );
    expect(reply!.options?.map((o) => o.value)).toEqual(['cp:q:ilot-13', 'cp:q:rosa-parks', 'cp:q:bas-belleville']);
  });

  it('the alert’s places, the offer to someone who needs help, and the volunteer’s escalation', async () => {
    const morning = { now: paris('2026-07-14T08:00'), heatWave: true };
    const resident = { lang: 'fr' as const, quartier: 'ilot-13', address: '24 rue Bobillot' };
    const picks = await alertPicks(deps, resident, morning);
    expect(picks.split('\n')).toEqual([
      "Lieux frais ouverts aujourd'hui près de chez vous :",
      '• Piscine de la Butte-aux-Cailles, 5 place Paul Verlaine (50 m) — 7h00–8h30, 11h30–20h00',
      '• Église Sainte-Anne de la Butte-aux-Cailles, 188 rue de Tolbiac (80 m) — 8h30–19h00',
      "• Brumisateur Place d'Italie, place d'Italie (590 m) — 24h/24",
    ]);
    const belleville = { quartier: 'bas-belleville', address: '12 rue Ramponeau' };
    const at3pm = { now: paris('2026-07-14T15:00'), heatWave: true };
    expect(await helpOffer(deps, { lang: 'fr', ...belleville }, at3pm)).toContain(
      'le lieu climatisé le plus proche : Bibliothèque Couronnes - Naguib Mahfouz, 66 rue des Couronnes',
    );
    expect(await escalationPlace(deps, belleville, 'fr', at3pm)).toBe(
      'Lieu climatisé le plus proche de chez elle ou lui : Bibliothèque Couronnes - Naguib Mahfouz, ' +
        "66 rue des Couronnes (410 m), ouvert encore 4 h (jusqu'à 19h00).",
    );
    // Monday: the library is closed; nothing to offer rather than a closed door.
    expect(await helpOffer(deps, { lang: 'fr', ...belleville }, { ...at3pm, now: paris('2026-07-13T15:00') })).toBe('');
  });

  it('/lieuxfrais: an eco-manager lists, closes for today and reopens; residents stop seeing it meanwhile', async () => {
    const manager = { lang: 'fr' as const, managedQuartiers: ['bas-belleville'] };
    const [list] = (await listPlaces(deps, manager, afternoon))!;
    expect(list!.text).toMatch(/^Lieux frais de Bas-Belleville \(\d+\) :/);
    const park = list!.options!.find((o) => o.label.endsWith('Parc de Belleville'))!;
    expect(Buffer.byteLength(park.value)).toBeLessThanOrEqual(64);
    const id = park.value.slice(MANAGER_BUTTONS.place.length);
    const [shown] = (await showPlace(deps, manager, id, afternoon))!;
    expect(shown!.text).toBe("Parc de Belleville (parc ou jardin)\n47 rue des Couronnes\naujourd'hui 24h/24");
    expect(shown!.options).toEqual([
      { value: `cp:c:${id}`, label: "Fermer aujourd'hui" },
      { value: `cp:e:${id}`, label: 'Modifier' },
    ]);

    // Another quartier's eco-manager cannot touch it; someone who manages nothing is refused.
    const other = { lang: 'fr' as const, managedQuartiers: ['ilot-13'] };
    expect(text(await setClosedToday(deps, other, id, true, afternoon))).toBe(
      "Ce lieu n'existe plus dans la liste du quartier.",
    );
    expect(await setClosedToday(deps, { lang: 'fr', managedQuartiers: [] }, id, true, afternoon)).toBeUndefined();

    expect(text(await setClosedToday(deps, manager, id, true, afternoon))).toContain(
      "Parc de Belleville est marqué fermé pour aujourd'hui",
    );
    const resident = { lang: 'fr' as const, quartier: 'bas-belleville', address: '12 rue Ramponeau' };
    expect(text(await whereIsCool(deps, resident, afternoon))).not.toContain('Parc de Belleville');
    expect(text(await listPlaces(deps, manager, afternoon))).toContain(
      "Parc de Belleville — parc ou jardin, 47 rue des Couronnes (fermé aujourd'hui)",
    );
    // The next day it is back by itself.
    const tomorrow = { ...afternoon, now: paris('2026-07-15T17:30') };
    expect(text(await whereIsCool(deps, resident, tomorrow))).toContain('Parc de Belleville');
    expect(text(await setClosedToday(deps, manager, id, false, afternoon))).toBe(
      'Parc de Belleville est de nouveau proposé aux habitants.',
    );
    expect(text(await whereIsCool(deps, resident, afternoon))).toContain('Parc de Belleville');
  });

  it('an eco-manager of two quartiers chooses one first', async () => {
    const both = { lang: 'fr' as const, managedQuartiers: ['ilot-13', 'rosa-parks'] };
    const [reply] = (await listPlaces(deps, both, afternoon))!;
    expect(reply!.options?.map((o) => o.value)).toEqual(['cp:m:ilot-13', 'cp:m:rosa-parks']);
    expect(text(await listPlaces(deps, both, afternoon, 'rosa-parks'))).toContain('Jardin Serge Gainsbourg');
    expect(text(await listPlaces(deps, both, afternoon, 'bas-belleville'))).toBe('Pour quel quartier ?');
  });

  it('a file sent by an eco-manager: imported with a report, or refused in plain French with nothing changed', async () => {
    const manager = { lang: 'fr' as const, managedQuartiers: ['rosa-parks'] };
    const before = await deps.places.list('rosa-parks');
    expect(text(await importFile(deps, manager, 'rosa-parks', fixture('bad-coordinates.csv')))).toBe(
      'Ligne 4 : coordonnées hors de Paris (latitude et longitude inversées ?). Corrigez la ligne ou téléchargez ' +
        "le fichier à nouveau. Rien n'a été importé.",
    );
    expect(text(await importFile(deps, manager, 'rosa-parks', fixture('fontaines-a-boire.geojson')))).toBe(
      "Aucun lieu de ce fichier n'est dans le quartier Rosa Parks. Rien n'a été importé.",
    );
    expect(await deps.places.list('rosa-parks')).toEqual(before);
    expect(text(await importFile(deps, manager, 'rosa-parks', fixture('equipements-activites.csv')))).toBe(
      'Import terminé pour Rosa Parks. Lieux ajoutés : 1, mis à jour : 0, retirés : 0. ' +
        'Hors du quartier (ignorés) : 7.',
    );
    expect(await importFile(deps, manager, 'ilot-13', fixture('equipements-activites.csv'))).toBeUndefined();
  });

  it('typed edits are read or refused', () => {
    expect(readEdit('hours', '10h - 19h')?.hours?.[3]).toEqual([{ start: 600, end: 1140 }]);
    expect(readEdit('hours', 'le matin')).toBeUndefined();
    expect(readEdit('wheelchair', 'oui')).toEqual({ wheelchair: true });
    expect(readEdit('nightOpening', 'non')).toEqual({ nightOpening: false });
    expect(readEdit('free', 'peut-être')).toBeUndefined();
    expect(readEdit('note', '-')).toEqual({ note: null });
  });
});
