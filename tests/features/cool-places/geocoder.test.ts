import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressGeocoder } from '../../../src/features/cool-places/geocoder.js';
import { QUARTIER_AREAS } from '../../../src/features/cool-places/quartiers.js';
import { startAddressApi } from '../../support/addressApiStandIn.js';

describe('the address API client', () => {
  let api: Awaited<ReturnType<typeof startAddressApi>>;
  beforeAll(async () => {
    api = await startAddressApi();
  });
  afterAll(() => api.close());
  const belleville = QUARTIER_AREAS['bas-belleville']!.centre;

  it('locates a building of the quartier, asking for Paris, once per address', async () => {
    const geocoder = addressGeocoder({ baseUrl: `${api.url}/` });
    expect(await geocoder.locate('12 rue Ramponeau', belleville)).toEqual({ lat: 48.8712, lon: 2.3802 });
    expect(api.queries.at(-1)).toBe('12 rue ramponeau, paris');
    const asked = api.queries.length;
    expect(await geocoder.locate('12 Rue Ramponeau ', belleville)).toEqual({ lat: 48.8712, lon: 2.3802 });
    expect(api.queries.length).toBe(asked);
  });

  it('a low score, an address far from the quartier, or no result: not located', async () => {
    const geocoder = addressGeocoder({ baseUrl: api.url });
    expect(await geocoder.locate('chez moi', belleville)).toBeUndefined();
    expect(await geocoder.locate('1 rue de la Paix', belleville)).toBeUndefined(); // 3.6 km away
    expect(await geocoder.locate('12 rue inconnue', belleville)).toBeUndefined();
  });

  it('gives up quickly when the API does not answer or is not there', async () => {
    const geocoder = addressGeocoder({ baseUrl: api.url, timeoutMs: 300 });
    const started = Date.now();
    expect(await geocoder.locate('3 rue lente', belleville)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
    const nowhere = addressGeocoder({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });
    expect(await nowhere.locate('12 rue Ramponeau', belleville)).toBeUndefined();
  });
});
