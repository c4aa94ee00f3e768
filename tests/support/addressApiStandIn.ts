import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in of the national address API (api-adresse.data.gouv.fr): it answers /search/ as the real one does
 * (GeoJSON, [lon, lat], a score), from a small table of known addresses; "lent" never answers in time.
 */
export async function startAddressApi(): Promise<{ url: string; queries: string[]; close: () => Promise<void> }> {
  const known: Record<string, { lon: number; lat: number; score: number; label: string }> = {
    'rue ramponeau': { lon: 2.3802, lat: 48.8712, score: 0.92, label: '12 Rue Ramponeau 75020 Paris' },
    'rue bobillot': { lon: 2.3515, lat: 48.8268, score: 0.88, label: '24 Rue Bobillot 75013 Paris' },
    'rue de la paix': { lon: 2.3311, lat: 48.8686, score: 0.9, label: '1 Rue de la Paix 75002 Paris' },
    'chez moi': { lon: 2.38, lat: 48.87, score: 0.21, label: 'Moix' },
  };
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    queries.push(q);
    if (url.pathname !== '/search/') {
      res.writeHead(404).end();
      return;
    }
    if (q.includes('lent')) return; // never answers: the client's timeout must give up
    const hit = Object.entries(known).find(([k]) => q.includes(k))?.[1];
    const features = hit
      ? [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [hit.lon, hit.lat] },
            properties: { label: hit.label, score: hit.score, type: 'housenumber' },
          },
        ]
      : [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'FeatureCollection', version: 'draft', features, query: q }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
