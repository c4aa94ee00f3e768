import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSpace, eventually, type TestSpace } from '../support/env.js';
import { alertToWholeNetwork, startTelegramStandIn } from '../support/telegramStandIn.js';
import { ProductProcess } from '../support/product.js';
import { seedNetwork } from '../support/network.js';
import { freePort } from '../support/ports.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { createTestApp } from '../support/context.js';
import { PATIENCE } from '../support/env.js';
import { PrivateRedis } from '../support/redisServer.js';
import { startOpsServer, watchedQueues } from '../../src/ops/opsServer.js';

const TOKEN = '778:OPS-token';
const ADMIN_TOKEN = 'an-admin-token-of-32-characters!';

/** The value of one sample of a Prometheus text exposition (0 when absent). */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of metrics.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m?.[1] === name && wanted.every((w) => m[2]!.split(',').includes(w))) return Number(m[3]);
  }
  return 0;
}

describe('operators: health, readiness, metrics and Bull Board of a running product', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let db: Db;
  let base: string;

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      ECO_MANAGERS: 'telegram:3001:ilot-13',
      OPS_PORT: String(port),
      ADMIN_TOKEN,
    });
    await product.waitForLog(/telegram long polling started/);
    await product.waitForLog(/ops endpoint listening/);
    db = await openDatabase(space.config.database);
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await db?.destroy();
    await standIn?.close();
    await space?.cleanup();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    // Each probe has 1 s: on a loaded machine one may miss it, the next answers.
    const ready = await eventually(
      async () => {
        const r = await fetch(`${base}/readyz`);
        return r.status === 200 && r;
      },
      10_000,
      '/readyz 200',
    );
    expect(await ready.json()).toEqual({ redis: 'ok', database: 'ok' });
  });

  it('the figures move when an alert is sent', async () => {
    const recipients = await seedNetwork(db, 12, { firstChatId: 9100, quartiers: ['ilot-13'], roles: ['volunteer'] });
    const before = await (await fetch(`${base}/metrics`)).text();
    expect(sample(before, 'relais_deliveries_total', { channel: 'telegram', status: 'sent' })).toBe(0);

    const manager = standIn.user(TOKEN, 3001);
    await manager.send('/alerte');
    await alertToWholeNetwork(manager, /orange/);
    await manager.press(/Envoyer/);
    await manager.expect(/C'est parti/);
    const messagesTo = (chatId: string) =>
      standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === chatId);
    await eventually(() => recipients.every((r) => messagesTo(r.chatId).length >= 1), 30_000, 'recipients');

    const after = await eventually(
      async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        return sample(text, 'relais_deliveries_total', { channel: 'telegram', status: 'sent' }) >= 12 && text;
      },
      10_000,
      'delivery figures',
    );
    expect(sample(after, 'relais_deliveries_total', { channel: 'telegram', status: 'sent' })).toBe(12);
    expect(sample(after, 'relais_updates_handled_total', { channel: 'telegram', kind: 'command' })).toBeGreaterThan(
      sample(before, 'relais_updates_handled_total', { channel: 'telegram', kind: 'command' }),
    );
    expect(sample(after, 'relais_reply_seconds_count', { channel: 'telegram' })).toBeGreaterThanOrEqual(7);
    expect(after).toMatch(/relais_queue_jobs\{queue="heat-alerts",state="delayed"\} \d+/);
    expect(after).toMatch(/relais_process_resident_memory_bytes \d+/);
  });

  it('Bull Board is behind the admin token, read-only', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const wrong = await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/Basic/);
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const basic = `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`;
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: basic } });
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining(['heat-alerts', 'deliveries-telegram']));
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });
});

describe('ops endpoint without a token, and with Redis down', () => {
  it('Bull Board is off; /readyz says which dependency is down (503)', async () => {
    const redis = await PrivateRedis.start();
    const app = await createTestApp('sqlite', { REDIS_URL: redis.url, REDIS_RETRY_MAX_MS: '200' });
    const ops = await startOpsServer(app.ctx, { port: 0, host: '127.0.0.1', queues: watchedQueues(app.ctx) });
    const base = `http://127.0.0.1:${ops.port}`;
    try {
      expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
      await eventually(async () => (await fetch(`${base}/readyz`)).status === 200, 10_000, 'ready');
      await redis.down();
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ redis: 'down', database: 'ok' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await redis.up();
      await eventually(async () => (await fetch(`${base}/readyz`)).status === 200, 10_000, 'ready again');
    } finally {
      await ops.stop();
      await app.close();
      await redis.down();
    }
  });
});

/**
 * Bull Board in a real browser (the chromium `.ci/run` installs): nothing requested from another host (every
 * request for one goes to a recording proxy), and its labels translated, not raw keys, whether the token comes
 * in a header, in the address as http://admin:TOKEN@host/, or once as ?token=.
 */
/** Where Chromium itself calls (updates, accounts), whatever the page: not the board's doing. */
const CHROMIUM_OWN = new Set(
  ['clients2.google.com', 'update.googleapis.com', 'accounts.google.com', 'redirector.gvt1.com']
    .concat(['content-autofill.googleapis.com'])
    .flatMap((host) => [host, `${host}:443`]),
);

describe('Bull Board stays on this machine and shows its labels', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  let proxy: ReturnType<typeof createServer>;
  let proxyPort: number;
  const outside: string[] = [];
  let base: string;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
    ops = await startOpsServer(app.ctx, {
      port: 0,
      host: '127.0.0.1',
      adminToken: ADMIN_TOKEN,
      queues: watchedQueues(app.ctx),
    });
    base = `http://127.0.0.1:${ops.port}`;
    // Any host but this machine goes through this proxy, which records it and answers nothing.
    proxy = createServer((req, res) => {
      outside.push(req.headers.host ?? req.url ?? '?');
      res.destroy();
    });
    proxy.on('connect', (req, socket) => {
      outside.push(req.url ?? '?');
      socket.destroy();
    });
    proxyPort = await freePort();
    await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));
  });
  afterAll(async () => {
    await ops?.stop();
    await app?.close();
    proxy?.close();
  });

  const browse = async (url: string) => {
    // A fresh profile each time, outside the repository: no cookie or cache carried from one way to the next.
    const profile = mkdtempSync(join(tmpdir(), 'relais-chromium-'));
    try {
      return await chromium(url, profile);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  };
  const chromium = async (url: string, profile: string) => {
    const { stdout } = await promisify(execFile)(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        // The browser's own calls home (updates, accounts, sync) are not the page's: turned off.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-default-apps',
        '--disable-features=OptimizationHints,MediaRouter,AutofillServerCommunication',
        `--user-data-dir=${profile}`,
        `--proxy-server=http://127.0.0.1:${proxyPort}`,
        '--proxy-bypass-list=<-loopback>;127.0.0.1',
        '--virtual-time-budget=15000',
        '--dump-dom',
        url,
      ],
      { timeout: 90_000 * PATIENCE, maxBuffer: 20 * 1024 * 1024 },
    );
    return stdout;
  };

  it('the page and its files name no other host; the browser is told to load nothing from elsewhere', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const page = await fetch(`${base}/admin/queues`, { headers: auth });
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await page.text();
    const linked = [...html.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(3);
    expect(linked.filter((l) => /^(?:https?:)?\/\//.test(l))).toEqual([]);
    for (const file of linked.filter((l) => /\.(?:css|js)$/.test(l))) {
      const res = await fetch(`${base}/admin/queues/${file}`, { headers: auth });
      expect(res.status).toBe(200);
      if (file.endsWith('.css')) expect(await res.text()).not.toMatch(/@import|url\((["']?)(?:https?:)?\/\//);
    }
  });

  it.each([
    [
      'in the address, as http://admin:TOKEN@host/',
      (b: string) => b.replace('//', `//admin:${encodeURIComponent(ADMIN_TOKEN)}@`),
    ],
    ['once as ?token=', (b: string) => `${b}?token=${encodeURIComponent(ADMIN_TOKEN)}`],
  ])('with the token %s: labels shown, nothing fetched from outside', async (_how, address) => {
    outside.length = 0;
    const dom = await browse(address(`${base}/admin/queues`));
    expect(dom).toMatch(/Filter queues/);
    expect(dom).toMatch(/deliveries-telegram/);
    expect(dom).not.toMatch(/MENU\.|DASHBOARD\./);
    expect(outside.filter((host) => !CHROMIUM_OWN.has(host))).toEqual([]);
  });
});
