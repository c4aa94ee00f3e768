import { CsvError, parseCsv } from './csv.js';
import { centroid, distanceMetres, type LatLon } from './geo.js';
import { parseDayHours } from './hours.js';
import {
  type Dataset,
  WEEKDAY_COLUMNS,
  detectDataset,
  foldHeader,
  kindOf,
  postcodeOf,
  tidyAddress,
  yesNo,
} from './openDataFields.js';
import { ALWAYS, type CoolPlace, type WeekHours, sameHoursEveryDay } from './place.js';
import type { QuartierArea } from './quartiers.js';

/** A place as read from an open-data file, before it belongs to a quartier. */
export type ImportedPlace = Omit<CoolPlace, 'id' | 'quartier' | 'closedOn'> & { postcode: string | null };

/** Why a file is refused as a whole: a locale key of the feature's texts and its parameters. */
export class OpenDataError extends Error {
  constructor(
    readonly code: 'format' | 'columns' | 'empty' | 'coordinates' | 'name' | 'outside',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`open data: ${code}`);
  }
}

export interface ReadFile {
  dataset: Dataset;
  places: ImportedPlace[];
  /** Rows without coordinates (the City's files have a few): left out, counted. */
  withoutPosition: number;
  /** Days whose hours could not be read: kept as unknown (never shown open), counted. */
  unreadableHours: number;
}

type Row = { line: number; fields: Record<string, unknown>; geometry?: unknown };

/** Reads a CSV (';', BOM, labels or field names as headers) or GeoJSON / JSON export of the City's data sets. */
export function readOpenData(content: string): ReadFile {
  const text = content.replace(/^\uFEFF/, '').trim();
  if (!text) throw new OpenDataError('empty');
  const rows = text.startsWith('{') || text.startsWith('[') ? jsonRows(text) : csvRows(text);
  const columns = new Set(rows.flatMap((r) => Object.keys(r.fields)));
  const dataset = detectDataset(columns);
  if (!dataset) throw new OpenDataError('columns', { columns: [...columns].slice(0, 8).join(', ') });
  if (!rows.length) throw new OpenDataError('empty');
  const result: ReadFile = { dataset, places: [], withoutPosition: 0, unreadableHours: 0 };
  for (const row of rows) {
    const place = rowToPlace(row, dataset, result);
    if (place) result.places.push(place);
  }
  if (!result.places.length) throw new OpenDataError('empty');
  return result;
}

function csvRows(text: string): Row[] {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new OpenDataError('format');
    throw err;
  }
  const [header, ...body] = table;
  if (!header || header.length < 2) throw new OpenDataError('format');
  const keys = header.map(foldHeader);
  return body.map((cells, i) => ({
    line: i + 2,
    fields: Object.fromEntries(keys.map((k, j) => [k, cells[j] ?? ''])),
  }));
}

function jsonRows(text: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new OpenDataError('format');
  }
  const folded = (o: unknown) =>
    Object.fromEntries(Object.entries(isObject(o) ? o : {}).map(([k, v]) => [foldHeader(k), v]));
  if (Array.isArray(data)) return data.map((o, i) => ({ line: i + 1, fields: folded(o) }));
  if (isObject(data) && data.type === 'FeatureCollection' && Array.isArray(data.features)) {
    return data.features.map((f: unknown, i: number) => ({
      line: i + 1,
      fields: folded(isObject(f) ? f.properties : {}),
      geometry: isObject(f) ? f.geometry : undefined,
    }));
  }
  throw new OpenDataError('format');
}

function rowToPlace(row: Row, dataset: Dataset, stats: ReadFile): ImportedPlace | undefined {
  const f = (k: string) => {
    const v = row.fields[k];
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : null;
  };
  const position = positionOf(row);
  if (position === 'invalid') throw new OpenDataError('coordinates', { line: row.line });
  if (!position) {
    stats.withoutPosition++;
    return undefined;
  }
  const id = f('identifiant') || f('gid') || f('id_dicom') || f('nsq_espace_vert');
  const name = f('nom') || (dataset === 'fontaines' ? fountainName(f('modele'), f('type_objet')) : '');
  if (!name) throw new OpenDataError('name', { line: row.line });
  const address =
    dataset === 'fontaines'
      ? tidyAddress([f('no_voirie_pair') || f('no_voirie_impair'), f('voie')].filter(Boolean).join(' '))
      : tidyAddress(f('adresse'));
  const hours = weekHours(f, stats);
  const available = dataset === 'fontaines' ? yesNo(f('dispo')) !== false : true;
  const canicule = yesNo(f('canicule_ouverture')) === true;
  const status = f('statut_ouverture');
  const period = f('horaires_periode');
  return {
    sourceId: `opendata:${dataset}:${id || `${name}@${position.lat.toFixed(5)},${position.lon.toFixed(5)}`}`,
    name: name.replace(/\s+/g, ' '),
    kind: kindOf(dataset, f('type') || f('type_objet')),
    address,
    lat: position.lat,
    lon: position.lon,
    hours: dataset === 'fontaines' ? sameHoursEveryDay(available ? ALWAYS : []) : hours,
    heatWaveHours: canicule ? sameHoursEveryDay(ALWAYS) : null,
    nightOpening: yesNo(f('ouverture_estivale_nocturne')) === true,
    open24h: yesNo(f('ouvert_24h')) === true || (dataset === 'fontaines' && available),
    wheelchair: yesNo(f('acces_pmr')),
    free: dataset === 'fontaines' ? true : invert(yesNo(f('payant'))),
    note: [status, period].filter((s) => s && !NO_NEWS.test(s)).join(' · ') || null,
    postcode: postcodeOf(f('arrondissement') ?? f('commune') ?? f('code_postal')) ?? null,
  };
}

function weekHours(f: (k: string) => string | null, stats: ReadFile): WeekHours {
  return WEEKDAY_COLUMNS.map((col) => {
    const day = parseDayHours(f(col));
    if (day !== undefined) return day;
    stats.unreadableHours++;
    return null;
  }) as WeekHours;
}

/** geo_point_2d as "48.83, 2.35" (CSV) or {lat, lon} (JSON), else the geometry (a point, or a shape's middle). */
function positionOf(row: Row): LatLon | 'invalid' | undefined {
  const raw = row.fields.geo_point_2d;
  let p: LatLon | undefined;
  if (typeof raw === 'string' && raw.trim()) {
    const [lat, lon] = raw.split(',').map((s) => Number(s.trim()));
    p = { lat: lat ?? Number.NaN, lon: lon ?? Number.NaN };
  } else if (isObject(raw)) {
    p = { lat: Number(raw.lat), lon: Number(raw.lon) };
  } else if (Array.isArray(raw) && raw.length === 2) {
    p = { lat: Number(raw[0]), lon: Number(raw[1]) };
  } else if (isObject(row.geometry)) {
    p = geometryPoint(row.geometry);
  }
  if (!p) return undefined;
  // Around Paris (with its woods): a point elsewhere means shifted columns or swapped coordinates.
  const inParis = p.lat > 48.7 && p.lat < 49 && p.lon > 2.2 && p.lon < 2.5;
  return inParis ? p : 'invalid';
}

function geometryPoint(g: Record<string, unknown>): LatLon | undefined {
  const c = g.coordinates;
  if (g.type === 'Point' && Array.isArray(c)) return { lat: Number(c[1]), lon: Number(c[0]) };
  const ring = (x: unknown) => (Array.isArray(x) ? (x as number[][]) : []);
  if (g.type === 'Polygon' && Array.isArray(c)) return centroid(ring(c[0]));
  if (g.type === 'MultiPolygon' && Array.isArray(c)) return centroid(c.flatMap((poly) => ring(poly?.[0])));
  if (g.type === 'LineString' && Array.isArray(c)) return centroid(ring(c));
  return undefined;
}

/** The quartier's places: in one of its arrondissements (when the row says) and near its centre. */
export function inQuartier(places: ImportedPlace[], area: QuartierArea): ImportedPlace[] {
  return places.filter(
    (p) =>
      (p.postcode === null || area.postcodes.includes(p.postcode)) &&
      distanceMetres(area.centre, p) <= area.radiusMetres,
  );
}

function fountainName(model: string | null, type: string | null): string {
  const m = (model || type || '').replace(/_/g, ' ').trim();
  if (!m) return 'Fontaine à boire';
  // "Wallace" → "Fontaine Wallace"; "Fontaine brumisante", "FONTAINE_ARCEAU" → as they are, capitalised once.
  const words = /^fontaine\b/i.test(m) ? m.slice(8).trim() : m;
  const tidy = words === words.toUpperCase() ? words.toLowerCase() : words;
  return tidy ? `Fontaine ${tidy}` : 'Fontaine à boire';
}

/** Notes that tell a resident nothing: "Ouvert", "Toute l'année", "-". */
const NO_NEWS = /^(-|ouvert|toute l.ann[ée]e)$/i;

const invert = (b: boolean | null) => (b === null ? null : !b);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
