import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/features/cool-places/csv.js';
import { OpenDataError, inQuartier, readOpenData } from '../../../src/features/cool-places/openData.js';
import { foldHeader, postcodeOf, tidyAddress } from '../../../src/features/cool-places/openDataFields.js';
import { QUARTIER_AREAS } from '../../../src/features/cool-places/quartiers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cool-places/${name}`, import.meta.url), 'utf8');
const byName = <T extends { name: string }>(list: T[], name: string) => list.find((p) => p.name === name);

describe('the CSV reader', () => {
  it('reads ";" fields, a BOM, quoted separators, doubled quotes and line breaks in quotes', () => {
    const rows = parseCsv('\uFEFFa;b;c\r\n1;"x;y";"say ""hi"""\r\n2;"two\nlines";\r\n\r\n');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x;y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('folds portal labels and API field names to the same column', () => {
    expect(foldHeader('Horaires lundi')).toBe('horaires_lundi');
    expect(foldHeader('horaires_lundi')).toBe('horaires_lundi');
    expect(foldHeader("Statut d'ouverture")).toBe('statut_ouverture');
    expect(foldHeader('Horaires période')).toBe('horaires_periode');
  });

  it('reads arrondissements and tidies upper-case addresses', () => {
    expect(postcodeOf('75013')).toBe('75013');
    expect(postcodeOf('PARIS 20EME ARRONDISSEMENT')).toBe('75020');
    expect(postcodeOf('19e')).toBe('75019');
    expect(postcodeOf('')).toBeUndefined();
    expect(tidyAddress('79  RUE  NATIONALE')).toBe('79 rue Nationale');
    expect(tidyAddress("PLACE  D'ITALIE")).toBe("place d'Italie");
  });
});

describe('the équipements file (CSV with labels as headers)', () => {
  const file = readOpenData(fixture('equipements-activites.csv'));

  it('reads every row with its kind, address, position, hours and price', () => {
    expect(file.dataset).toBe('equipements');
    expect(file.places).toHaveLength(8);
    const library = byName(file.places, 'Médiathèque Jean-Pierre Melville')!;
    expect(library).toMatchObject({
      sourceId: 'opendata:equipements:EQ-13-0041',
      kind: 'cooled',
      address: '79 rue Nationale',
      lat: 48.8283,
      lon: 2.3632,
      free: true,
      postcode: '75013',
      open24h: false,
    });
    expect(library.hours[0]).toEqual([]); // closed on Mondays
    expect(library.hours[1]).toEqual([{ start: 600, end: 1140 }]);
    const pool = byName(file.places, 'Piscine de la Butte-aux-Cailles')!;
    expect(pool.kind).toBe('pool');
    expect(pool.free).toBe(false);
    expect(pool.hours[0]).toHaveLength(2);
    expect(byName(file.places, 'Église Sainte-Anne de la Butte-aux-Cailles')!.kind).toBe('naturally_cool');
    expect(byName(file.places, "Brumisateur Place d'Italie")!.kind).toBe('misting');
    expect(file.unreadableHours).toBe(0);
  });

  it('keeps the 13e places near Ilot 13 only (not the 19e, 20e, nor the far end of the 13e)', () => {
    const names = inQuartier(file.places, QUARTIER_AREAS['ilot-13']!).map((p) => p.name);
    expect(names.sort()).toEqual([
      "Brumisateur Place d'Italie",
      'Médiathèque Jean-Pierre Melville',
      'Piscine de la Butte-aux-Cailles',
      'Église Sainte-Anne de la Butte-aux-Cailles',
    ]);
    const belleville = inQuartier(file.places, QUARTIER_AREAS['bas-belleville']!).map((p) => p.name);
    expect(belleville.sort()).toEqual(['Bibliothèque Couronnes - Naguib Mahfouz', 'Église Notre-Dame-de-la-Croix']);
  });
});

describe('the espaces verts files', () => {
  it('CSV with field names: heat-wave non-stop, summer nights, 24h, and rows without position left out', () => {
    const file = readOpenData(fixture('espaces-verts.csv'));
    expect(file.dataset).toBe('espaces-verts');
    expect(file.places.map((p) => p.name)).not.toContain('Square sans position');
    expect(file.withoutPosition).toBe(1);
    const square = byName(file.places, 'Square René Le Gall')!;
    expect(square.kind).toBe('park');
    expect(square.heatWaveHours?.[0]).toEqual([{ start: 0, end: 1440 }]);
    expect(square.nightOpening).toBe(false);
    expect(byName(file.places, 'Parc de Choisy')!.nightOpening).toBe(true);
    expect(byName(file.places, 'Jardin du Moulin de la Pointe')!.open24h).toBe(true);
  });

  it('GeoJSON: a polygon gives its middle, a point its position; same places as the CSV', () => {
    const file = readOpenData(fixture('espaces-verts.geojson'));
    const csv = readOpenData(fixture('espaces-verts.csv'));
    const park = byName(file.places, 'Parc de Belleville')!;
    expect(park.lat).toBeCloseTo(48.8716, 4);
    expect(park.lon).toBeCloseTo(2.3847, 4);
    expect(park.sourceId).toBe(byName(csv.places, 'Parc de Belleville')!.sourceId);
    const garden = byName(file.places, 'Jardin Serge Gainsbourg')!;
    expect([garden.lat, garden.lon]).toEqual([48.8985, 2.3801]);
    expect(inQuartier(file.places, QUARTIER_AREAS['rosa-parks']!).map((p) => p.name)).toEqual([
      'Jardin Serge Gainsbourg',
    ]);
  });
});

describe('the fontaines à boire file (GeoJSON)', () => {
  it('names fountains by their model, addresses them by number and street, and keeps Bas-Belleville’s', () => {
    const file = readOpenData(fixture('fontaines-a-boire.geojson'));
    expect(file.dataset).toBe('fontaines');
    const wallace = file.places.find((p) => p.sourceId === 'opendata:fontaines:1201')!;
    expect(wallace).toMatchObject({ kind: 'fountain', address: '12 boulevard de Belleville', open24h: true });
    const broken = file.places.find((p) => p.sourceId === 'opendata:fontaines:1202')!;
    expect(broken.open24h).toBe(false);
    expect(broken.hours[3]).toEqual([]);
    expect(file.places.find((p) => p.sourceId === 'opendata:fontaines:1350')!.kind).toBe('misting');
    // The misting fountain is near Belleville but in the 19e: not Bas-Belleville's.
    const ids = inQuartier(file.places, QUARTIER_AREAS['bas-belleville']!).map((p) => p.sourceId);
    expect(ids.sort()).toEqual(['opendata:fontaines:1201', 'opendata:fontaines:1202']);
  });
});

describe('bad files are refused as a whole, with the reason', () => {
  const refusal = (name: string) => {
    try {
      readOpenData(fixture(name));
    } catch (err) {
      if (err instanceof OpenDataError) return { code: err.code, params: err.params };
      throw err;
    }
    throw new Error('accepted');
  };

  it('swapped coordinates on one row: the line is named', () => {
    expect(refusal('bad-coordinates.csv')).toEqual({ code: 'coordinates', params: { line: 4 } });
  });

  it('a CSV that is not one of the data sets, a cut GeoJSON, an empty file', () => {
    expect(refusal('not-open-data.csv').code).toBe('columns');
    expect(refusal('truncated.geojson').code).toBe('format');
    expect(() => readOpenData('\uFEFF')).toThrow(OpenDataError);
  });
});
