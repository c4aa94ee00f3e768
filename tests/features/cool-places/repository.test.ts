import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOpenData } from '../../../src/features/cool-places/importer.js';
import { OpenDataError, readOpenData } from '../../../src/features/cool-places/openData.js';
import { parseDayHours } from '../../../src/features/cool-places/hours.js';
import { sameHoursEveryDay } from '../../../src/features/cool-places/place.js';
import { CoolPlaces, type PlaceFields } from '../../../src/features/cool-places/repository.js';
import { type Db, openDatabase } from '../../../src/storage/database.js';
import { FEATURE_MIGRATIONS } from '../../../src/features/index.js';
import { DB_KINDS, type TestSpace, createTestSpace } from '../../support/env.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cool-places/${name}`, import.meta.url), 'utf8');
const now = () => new Date('2026-07-15T10:00:00Z');

const handMade: PlaceFields = {
  name: 'Salle climatisée de la Maison du projet',
  kind: 'cooled',
  address: '12 rue Ramponeau',
  lat: 48.87123,
  lon: 2.38011,
  hours: sameHoursEveryDay(parseDayHours('14h - 19h')!),
  heatWaveHours: sameHoursEveryDay(parseDayHours('10h - 21h')!),
  nightOpening: false,
  open24h: false,
  wheelchair: true,
  free: true,
  note: 'Eau fraîche offerte',
};

describe.each(DB_KINDS)('cool places storage (%s)', (kind) => {
  let space: TestSpace;
  let db: Db;
  let places: CoolPlaces;
  beforeAll(async () => {
    space = await createTestSpace(kind);
    db = await openDatabase(space.config.database, { features: FEATURE_MIGRATIONS });
    places = new CoolPlaces(db, now);
  });
  afterAll(async () => {
    await db.destroy();
    await space.cleanup();
  });

  it('imports the équipements file into Ilot 13, and a re-import updates without duplicates', async () => {
    const first = await importOpenData(places, 'ilot-13', fixture('equipements-activites.csv'));
    expect(first).toMatchObject({ dataset: 'equipements', kept: 4, outside: 4, added: 4, updated: 0, removed: 0 });
    const listed = await places.list('ilot-13');
    expect(listed.map((p) => p.name)).toEqual([
      "Brumisateur Place d'Italie",
      'Église Sainte-Anne de la Butte-aux-Cailles',
      'Médiathèque Jean-Pierre Melville',
      'Piscine de la Butte-aux-Cailles',
    ]);
    const library = listed.find((p) => p.name.startsWith('Médiathèque'))!;
    expect([library.lat, library.lon, library.free, library.wheelchair]).toEqual([48.8283, 2.3632, true, null]);
    expect(library.hours[1]).toEqual([{ start: 600, end: 1140 }]);

    // Closed today by the eco-manager; the next import keeps that, and the ids.
    expect(await places.closeFor('ilot-13', library.id, '2026-07-15')).toBe(true);
    const again = await importOpenData(places, 'ilot-13', fixture('equipements-activites.csv'));
    expect(again).toMatchObject({ added: 0, updated: 4, removed: 0 });
    const relisted = await places.list('ilot-13');
    expect(relisted.map((p) => p.id).sort()).toEqual(listed.map((p) => p.id).sort());
    expect(relisted.find((p) => p.id === library.id)!.closedOn).toBe('2026-07-15');
  });

  it('a newer file renames one place and drops another: updated in place, the dropped one removed', async () => {
    const lines = fixture('equipements-activites.csv').split('\r\n');
    const edited = lines
      .filter((l) => !l.startsWith('EQ-13-0150'))
      .map((l) => l.replace('Piscine de la Butte-aux-Cailles', 'Piscine Butte-aux-Cailles (rénovée)'))
      .join('\r\n');
    const report = await importOpenData(places, 'ilot-13', edited);
    expect(report).toMatchObject({ added: 0, updated: 3, removed: 1 });
    const names = (await places.list('ilot-13')).map((p) => p.name);
    expect(names).toContain('Piscine Butte-aux-Cailles (rénovée)');
    expect(names).not.toContain("Brumisateur Place d'Italie");
  });

  it('a bad file or a file of another part of Paris changes nothing, with the reason', async () => {
    const before = await places.list('ilot-13');
    for (const [file, code] of [
      ['bad-coordinates.csv', 'coordinates'],
      ['not-open-data.csv', 'columns'],
      ['truncated.geojson', 'format'],
      ['fontaines-a-boire.geojson', 'outside'],
    ] as const) {
      const err = await importOpenData(places, 'rosa-parks', fixture(file)).catch((e: unknown) => e);
      expect(err instanceof OpenDataError && err.code).toBe(code);
      await importOpenData(places, 'ilot-13', fixture(file)).catch(() => undefined);
    }
    // The Wallace fountain of place d'Italie is Ilot 13's: that import did add it, nothing else moved.
    const after = await places.list('ilot-13');
    expect(after.filter((p) => p.kind !== 'fountain')).toEqual(before);
    expect(await places.list('rosa-parks')).toEqual([]);
  });

  it('a failure in the middle of an import leaves no half of it behind (one transaction)', async () => {
    const file = readOpenData(fixture('espaces-verts.csv'));
    const broken = file.places.map((p, i) => (i === 2 ? { ...p, name: null as unknown as string } : p));
    await expect(places.replaceImported('bas-belleville', 'espaces-verts', broken)).rejects.toThrow();
    expect(await places.list('bas-belleville')).toEqual([]);
  });

  it('adds, edits, closes and removes a place by hand, only within its quartier', async () => {
    const added = await places.add('bas-belleville', handMade);
    expect(added).toMatchObject({ ...handMade, quartier: 'bas-belleville', sourceId: null, closedOn: null });
    // Another quartier's eco-manager cannot reach it.
    expect(await places.edit('rosa-parks', added.id, { name: 'x' })).toBeUndefined();
    expect(await places.closeFor('rosa-parks', added.id, '2026-07-15')).toBe(false);
    expect(await places.remove('rosa-parks', added.id)).toBe(false);

    const edited = await places.edit('bas-belleville', added.id, { wheelchair: false, note: null, free: null });
    expect(edited).toMatchObject({ name: handMade.name, wheelchair: false, note: null, free: null });
    expect(await places.closeFor('bas-belleville', added.id, '2026-07-15')).toBe(true);
    expect((await places.get('bas-belleville', added.id))!.closedOn).toBe('2026-07-15');
    expect(await places.closeFor('bas-belleville', added.id, null)).toBe(true);
    expect((await places.get('bas-belleville', added.id))!.closedOn).toBeNull();
    expect(await places.remove('bas-belleville', added.id)).toBe(true);
    expect(await places.list('bas-belleville')).toEqual([]);
  });
});
