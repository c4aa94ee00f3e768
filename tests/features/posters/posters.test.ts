import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../../support/context.js';
import { DB_KINDS } from '../../support/env.js';
import { pdfText, readPoster } from '../../support/pdf.js';

const run = promisify(execFile);

/** Posters for building halls (issue 15, item 4). */
describe('posters with a QR code that opens the signup', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    app = await createTestApp('sqlite', {
      ECO_MANAGERS: 'telegram:9001:ilot-13',
      TELEGRAM_BOT_USERNAME: '@relais_quartier_bot',
    });
  });
  afterEach(() => app.close());

  it('/affiche gives the eco-manager an A4 PDF whose QR code opens the signup of their quartier', async () => {
    const [reply] = await app.person('9001', 'telegram').say('/affiche');
    expect(reply!.text).toMatch(/affiche de Ilot 13 à imprimer/);
    expect(reply!.attachment).toMatchObject({ fileName: 'affiche-ilot-13.pdf', mimeType: 'application/pdf' });
    const poster = await readPoster(reply!.attachment!.content as Uint8Array);
    expect(poster.qr).toBe('https://t.me/relais_quartier_bot?start=ilot-13');
    expect(poster.text).toMatch(/Réseau de soutien canicule[\s\S]*Ilot 13/);
    expect(poster.text).toMatch(/eco-gestionnaire\.ilot13@example\.org/);
    expect(poster.text).toMatch(/15 \(SAMU\) ou 112[\s\S]*3975[\s\S]*0 800 06 66 66/);
    const audit = await app.ctx.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('poster.create');
  });

  it('a resident cannot make posters', async () => {
    const replies = await app.person('555', 'telegram').say('/affiche');
    expect(texts(replies)).toMatch(/réservée aux éco-gestionnaires/);
    expect(replies.some((r) => r.attachment)).toBe(false);
  });

  it("a building's poster: scanning it offers that address as a one-tap answer", async () => {
    const [reply] = await app.person('9001', 'telegram').say('/affiche 12 rue de Belleville');
    const { qr, text } = await readPoster(reply!.attachment!.content as Uint8Array);
    expect(text).toMatch(/12 rue de Belleville/);
    const payload = new URL(qr!).searchParams.get('start')!;
    expect(payload).toMatch(/^ilot-13_[A-Za-z0-9]{10}$/);
    expect(payload.length).toBeLessThanOrEqual(64);

    const resident = app.person('777', 'telegram');
    expect(texts(await resident.say(`/start ${payload}`))).toMatch(/participer/); // quartier already chosen
    await resident.press(/voisin·e volontaire/);
    const address = await resident.press(/Garder : 12 rue de Belleville/);
    expect(texts(address)).toMatch(/joindre/);
  });
});

describe("without the Telegram bot's name (issue 22)", () => {
  it('/affiche makes a poster with the Slack app and the contact, and says how to get a QR code', async () => {
    const app = await createTestApp('sqlite', { ECO_MANAGERS: 'telegram:9001:ilot-13' });
    try {
      const [reply] = await app.person('9001', 'telegram').say('/affiche 8 rue Nationale');
      expect(reply!.text).toMatch(
        /affiche de Ilot 13 pour le 8 rue Nationale[\s\S]*pas de QR code.*TELEGRAM_BOT_USERNAME/,
      );
      const poster = await readPoster(reply!.attachment!.content as Uint8Array);
      expect(poster.qr).toBeUndefined();
      expect(poster.text).toMatch(/8 rue Nationale[\s\S]*Sur le Slack du quartier, écrivez \/relais/);
      expect(poster.text).toMatch(/eco-gestionnaire\.ilot13@example\.org/);
    } finally {
      await app.close();
    }
  });
});

/**
 * Issue 21, item 8: a building's link carries a short code stored in the database, so any address (bis,
 * brackets, n°, a slash, a long one) comes back whole when the poster is scanned. On both databases.
 */
describe.each(DB_KINDS)('building posters link by a stored code (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp(kind, { ECO_MANAGERS: 'telegram:9001:ilot-13', TELEGRAM_BOT_USERNAME: 'relais_bot' });
  });
  afterAll(() => app?.close());

  it.each([
    '12 bis rue Nationale (bât. B)',
    'n° 5 rue du Château des Rentiers',
    '3/5 rue Jeanne d’Arc',
    'Résidence des Peupliers, escalier C, 140 boulevard Vincent Auriol',
  ])('%s', async (building) => {
    const manager = app.person('9001', 'telegram');
    const [reply] = await manager.say(`/affiche ${building}`);
    const text = await pdfText(reply!.attachment!.content as Uint8Array);
    const link = /https:\/\/t\.me\/relais_bot\?start=(\S+)/.exec(text)?.[1];
    expect(link).toMatch(/^ilot-13_[A-Za-z0-9]{10}$/);
    // The same building again: the same link (a reprinted poster does not orphan the first).
    const [again] = await manager.say(`/affiche ${building}`);
    expect(await pdfText(again!.attachment!.content as Uint8Array)).toContain(link!);

    const resident = app.person(`r-${building.length}`, 'telegram');
    expect(texts(await resident.say(`/start ${link}`))).toMatch(/participer/);
    const step = await resident.press(/voisin·e volontaire/);
    const keep = step.flatMap((r) => r.options ?? []).find((o) => /^Garder/.test(o.label));
    expect(keep?.label).toBe(`Garder : ${building}`);
  });

  it('a forged or unknown code only chooses the quartier', async () => {
    const resident = app.person('forger', 'telegram');
    expect(texts(await resident.say('/start ilot-13_AAAAAAAAAA'))).toMatch(/participer/);
    const step = await resident.press(/voisin·e volontaire/);
    expect(step.flatMap((r) => r.options ?? []).some((o) => /^Garder/.test(o.label))).toBe(false);
  });
});

/** The text of a PDF's pages (cheaper than rendering it to read the QR code). */

describe('npm run cli -- poster', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-poster-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the poster of a quartier and a building to a file', async () => {
    const out = join(dir, 'affiche.pdf');
    const args = ['--import', 'tsx', 'src/cli.ts', 'poster', '--quartier', 'bas-belleville'];
    const plain = join(dir, 'sans-qr.pdf');
    const env = { PATH: process.env.PATH ?? '', SQLITE_PATH: join(dir, 'x.sqlite') };
    const [{ stdout }, withoutBot] = await Promise.all([
      run(process.execPath, [...args, '--building', '30 rue Ramponeau', '--out', out], {
        env: { ...env, TELEGRAM_BOT_USERNAME: 'relais_bot' },
      }),
      // Issue 22: no TELEGRAM_BOT_USERNAME (a terminal demo): a poster all the same, and why it has no QR code.
      run(process.execPath, [...args, '--out', plain], { env: { ...env, SQLITE_PATH: join(dir, 'y.sqlite') } }),
    ]);
    expect(stdout).toMatch(/affiche de Bas-Belleville, 30 rue Ramponeau → https:\/\/t\.me\/relais_bot\?start=/);
    expect(stdout).toMatch(/start=bas-belleville_[A-Za-z0-9]{10}\n/);
    const { qr, text } = await readPoster(readFileSync(out));
    expect(qr).toMatch(/^https:\/\/t\.me\/relais_bot\?start=bas-belleville_[A-Za-z0-9]{10}$/);
    expect(text).toMatch(/Bas-Belleville[\s\S]*30 rue Ramponeau/);
    expect(withoutBot.stdout).toMatch(/affiche de Bas-Belleville, sans QR code .* renseignez TELEGRAM_BOT_USERNAME/);
    expect(await pdfText(readFileSync(plain))).toMatch(/Sur le Slack du quartier/);
  });
});
