import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../../support/context.js';
import { readPoster } from '../../support/pdf.js';

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
    expect(payload).toMatch(/^ilot-13_[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThanOrEqual(64);

    const resident = app.person('777', 'telegram');
    expect(texts(await resident.say(`/start ${payload}`))).toMatch(/participer/); // quartier already chosen
    await resident.press(/voisin·e volontaire/);
    const address = await resident.press(/Garder : 12 rue de Belleville/);
    expect(texts(address)).toMatch(/joindre/);
  });
});

describe('npm run cli -- poster', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-poster-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the poster of a quartier and a building to a file', async () => {
    const out = join(dir, 'affiche.pdf');
    const args = ['--import', 'tsx', 'src/cli.ts', 'poster', '--quartier', 'bas-belleville'];
    const { stdout } = await run(process.execPath, [...args, '--building', '30 rue Ramponeau', '--out', out], {
      env: { PATH: process.env.PATH ?? '', TELEGRAM_BOT_USERNAME: 'relais_bot', SQLITE_PATH: join(dir, 'x.sqlite') },
    });
    expect(stdout).toMatch(/poster for Bas-Belleville, 30 rue Ramponeau/);
    const { qr, text } = await readPoster(readFileSync(out));
    expect(qr).toMatch(/^https:\/\/t\.me\/relais_bot\?start=bas-belleville_/);
    expect(text).toMatch(/Bas-Belleville[\s\S]*30 rue Ramponeau/);
  });
});
