import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { seriousViolations, startBrowser } from '../support/browser.js';
import { createTestSpace, eventually, type TestSpace } from '../support/env.js';
import { seedNetwork } from '../support/network.js';
import { freePort } from '../support/ports.js';
import { ProductProcess } from '../support/product.js';
import { startTelegramStandIn, type TelegramUser } from '../support/telegramStandIn.js';

const TOKEN = '777:CONSOLE-token';
/** Screenshots of each page, for a person to look at (not compared): only when asked, they cost ~2 s a run. */
const SHOTS = process.env.CONSOLE_SHOTS_DIR;

describe('the eco-managers console, in Chromium, logged in from Telegram', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let db: Db;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  const axe: Record<string, number> = {};
  let members: Awaited<ReturnType<typeof seedNetwork>>;
  /** The shipped documents, copied: uploads and removals must not touch the repository's knowledge/. */
  const knowledgeDir = mkdtempSync(join(tmpdir(), 'relais-console-knowledge-'));

  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    cpSync(new URL('../../knowledge', import.meta.url), knowledgeDir, { recursive: true });
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      ECO_MANAGERS: 'telegram:3001:ilot-13+bas-belleville,telegram:3002:rosa-parks',
      CONSOLE_PORT: String(port),
      REGISTRY_EXPORT: 'on',
      KNOWLEDGE_DIR: knowledgeDir,
    });
    db = await openDatabase(space.config.database);
    await product.waitForLog(/telegram long polling started/);
    await product.waitForLog(/eco-managers console listening/);
    await product.waitForLog(/knowledge ingested/);
    members = await seedNetwork(db, 24, {
      firstChatId: 7000,
      quartiers: ['ilot-13', 'bas-belleville'],
      roles: ['supported', 'volunteer', 'relay_building'],
    });
    await seedNetwork(db, 6, { firstChatId: 8000, quartiers: ['rosa-parks'], roles: ['supported'] });
    await db
      .updateTable('network_members')
      .set({ address: '99 rue Secrète' })
      .where('quartier', '=', 'rosa-parks')
      .execute();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    process.stdout.write(`axe-core serious/critical violations per page: ${JSON.stringify(axe)}\n`);
    await closeBrowser?.();
    await product?.kill('SIGTERM');
    await db?.destroy();
    await standIn?.close();
    await space?.cleanup();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  /** /console in the chat, the link it sends. */
  async function linkFor(user: TelegramUser): Promise<string> {
    await user.send('/console');
    const message = await user.expect(/console web/);
    const url = /https?:\/\/\S+/.exec(message.text)?.[0];
    if (!url) throw new Error(`no link in: ${message.text}`);
    return url;
  }

  async function logIn(context: BrowserContext, user: TelegramUser): Promise<Page> {
    const page = await context.newPage();
    await page.goto(await linkFor(user));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  async function check(page: Page, name: string) {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    const violations = await seriousViolations(page);
    axe[name] = violations.length;
    expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  }

  it('an eco-manager logs in with the link from her chat and sees her quartiers, never another', async () => {
    const context = await browser.newContext();
    const errors: string[] = [];
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mon quartier');
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/Ilot 13/);
    expect(text).toMatch(/Bas-Belleville/);
    expect(text).not.toMatch(/Rosa Parks|rue Secrète/);
    // 24 members over two quartiers and three roles: 4 of each role per quartier.
    await expect.poll(() => page.locator('#q-ilot-13 + .figures').textContent()).toMatch(/4\s*Personnes accompagnées/);
    expect(await page.locator('svg.chart').count()).toBe(1);
    const cookie = (await context.cookies()).find((c) => c.name === 'relais_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await check(page, 'mon-quartier');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a link works once; a resident gets a refusal; a page without a session asks for /console', async () => {
    const manager = standIn.user(TOKEN, 3002);
    const link = await linkFor(manager);
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('main').textContent()).toMatch(/Rosa Parks/);
    const second = await browser.newContext();
    const again = await second.newPage();
    const response = await again.goto(link);
    expect(response?.status()).toBe(410);
    expect(await again.locator('main').textContent()).toMatch(/déjà servi/);
    expect((await again.goto(`${base}/`))?.status()).toBe(401);
    expect(await again.locator('main').textContent()).toMatch(/Envoyez \/console/);
    await check(again, 'connexion-refusee');

    const resident = standIn.user(TOKEN, 1010);
    await resident.send('/console');
    const refusal = await resident.expect(/réservée aux éco-gestionnaires/);
    expect(refusal.text).not.toMatch(/http/);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toMatch(/déconnectée/);
    expect((await page.goto(`${base}/`))?.status()).toBe(401);
    await first.close();
    await second.close();
  });

  it('an eco-manager who speaks English gets the console in English', async () => {
    const manager = standIn.user(TOKEN, 3002);
    const link = await linkFor(manager);
    await db.updateTable('people').set({ language: 'en' }).where('channel_user_id', '=', '3002').execute();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My quartier');
    expect(await page.locator('#q-rosa-parks + .figures').textContent()).toMatch(/6\s*People supported/);
    await page.getByRole('link', { name: 'Meetings' }).click();
    expect(await page.locator('main').textContent()).toMatch(/No meeting in your quartiers/);
    await check(page, 'english-meetings');
    await db.updateTable('people').set({ language: 'fr' }).where('channel_user_id', '=', '3002').execute();
    await context.close();
  });

  it('a POST without the session’s CSRF token changes nothing', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    const forged = await page.request.post(`${base}/deconnexion`, { form: { _csrf: 'forged' } });
    expect(forged.status()).toBe(403);
    expect((await page.goto(`${base}/`))?.status()).toBe(200);
    await context.close();
  });

  it('an inbox answer typed in the console reaches the resident in their chat; another quartier’s stays hidden', async () => {
    const resident = standIn.user(TOKEN, 7000); // seeded: a person supported in Ilot 13
    await resident.send('Est-ce que la gardienne du 1 rue de Test arrose les plantes du hall le dimanche ?');
    await resident.expect(/./);
    const other = standIn.user(TOKEN, 8000); // Rosa Parks
    await other.send('Est-ce que le marché aux puces de la rue Secrète ouvre le lundi matin ?');
    await other.expect(/./);
    await eventually(
      async () =>
        (await db.selectFrom('faq_questions').select('id').where('status', '=', 'open').execute()).length === 2,
      10_000,
      'both questions in the inbox',
    );
    const context = await browser.newContext();
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    await page.getByRole('link', { name: 'Questions' }).click();
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toMatch(/gardienne/);
    expect(await main.textContent()).not.toMatch(/marché aux puces|Rosa Parks/);
    await check(page, 'questions');
    await page.getByLabel('Votre réponse').fill('Oui, le dimanche matin : laissez vos plantes près de la loge.');
    await page.getByRole('button', { name: /Répondre et prévenir 1 personne/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/1 personne prévenue\./);
    await resident.expect(/laissez vos plantes près de la loge/, 20_000);
    expect(await main.textContent()).not.toMatch(/gardienne/);
    await context.close();
  });

  it('an alert prepared in the console shows the exact preview, reaches residents, and its figures update live', async () => {
    const context = await browser.newContext();
    // The page's own clock, moved on below rather than waited for: htmx asks for the figures every 5 s.
    await context.clock.install();
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    /** What the page shows after its next htmx poll (and the ones after, while the poll is retried). */
    const afterPoll = async (read: () => Promise<string | number | null>) => {
      await page.clock.fastForward(5000);
      return read();
    };
    await page.getByRole('link', { name: 'Alertes' }).click();
    await check(page, 'alertes-vide');
    await page.locator('select[name=quartiers]').selectOption('ilot-13');
    await page.locator('select[name=audience]').selectOption('all');
    await page.locator('select[name=level]').selectOption('orange');
    await page.getByRole('button', { name: /Voir l’aperçu/ }).click();
    const preview = page.locator('.preview');
    await expect.poll(() => preview.textContent()).toMatch(/Nombre exact : 12 \(Telegram : 12\)/);
    expect(await preview.textContent()).toMatch(/Quartier\(s\) : Ilot 13\n/);
    await check(page, 'alerte-apercu');
    const ilot = members.filter((m) => m.quartier === 'ilot-13');
    const messagesTo = (chatId: string) =>
      standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === chatId);
    // Nothing leaves before Envoyer (some members talked to the bot in earlier tests: only alerts are counted).
    const alertsTo = (chatId: string) =>
      messagesTo(chatId).filter((x) => /Vigilance orange canicule/.test(x.message.text)).length;
    expect(alertsTo(ilot[0]!.chatId)).toBe(0);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/C'est parti/);
    await eventually(() => ilot.every((m) => alertsTo(m.chatId) === 1), 30_000, 'every Ilot 13 member reached');
    for (const m of members.filter((x) => x.quartier !== 'ilot-13')) expect(alertsTo(m.chatId)).toBe(0);
    // The page was not reloaded: htmx polling brings the figures, then a check-in round's answers.
    await expect
      .poll(() => afterPoll(() => page.locator('[data-figure=sent]').textContent()), { timeout: 20_000 })
      .toBe('12');
    const alert = await db.selectFrom('alerts').select('id').executeTakeFirstOrThrow();
    const supported = ilot.filter((m) => m.role === 'supported');
    await db
      .insertInto('checkins')
      .values(
        supported.map((m, i) => ({
          id: `c-${i}`,
          alert_id: alert.id,
          person_id: m.personId,
          round: '2026-07-01T10:00',
          sent_at: new Date().toISOString(),
          reminders: 0,
          answer: i === 0 ? 'help' : i === 1 ? null : 'ok',
          answered_at: null,
          escalated_at: null,
          taken_by: null,
          taken_at: null,
          manager_alerted_at: null,
          reminded_at: null,
        })),
      )
      .execute();
    await expect.poll(() => afterPoll(() => page.locator('section svg.chart').count()), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('section table[id^=tours-] tbody').textContent()).toMatch(
      /2026-07-01 10:00\s*2\s*1\s*1\s*0/,
    );
    await check(page, 'alertes-en-cours');
    await context.close();
  });

  it('a meeting is created, then cancelled, from Réunions; the Journal lists both', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    await page.getByRole('link', { name: 'Réunions' }).click();
    await check(page, 'reunions-vide');
    const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const day = inTenDays.toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' });
    await page.locator('input[name=title]').fill('Balade thermique rue de Test');
    await page.locator('select[name=quartier]').selectOption('ilot-13');
    await page.locator('input[name=place]').fill('Devant le 1 rue de Test');
    await page.locator('input[name=start]').fill(`${day} 18:00`);
    await page.locator('input[name=duration]').fill('1h30');
    await page.locator('input[name=capacity]').fill('20');
    await page.getByRole('button', { name: /Voir l’aperçu/ }).click();
    await expect.poll(() => page.locator('.preview').textContent()).toMatch(/Balade thermique rue de Test/);
    await page.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/est publié/);
    const main = page.locator('main');
    expect(await main.textContent()).toMatch(/Inscrit·es : 0 sur 20 places ; liste d’attente : 0/);
    await check(page, 'reunions');
    await page.getByRole('button', { name: /Annuler la réunion/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/annul/i);
    expect(await main.textContent()).toMatch(/Annulée/);
    await page.getByRole('link', { name: 'Journal' }).click();
    await expect.poll(() => main.textContent()).toMatch(/Réunion créée/);
    expect(await main.textContent()).toMatch(/Réunion annulée/);
    expect(await main.textContent()).toMatch(/Connexion à la console/);
    await check(page, 'journal');
    await page.getByRole('link', { name: 'Export' }).click();
    await check(page, 'export');
    await context.close();
  });

  it('Documents: a Markdown file for her quartier is indexed, answers a resident in Telegram, then is removed', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, standIn.user(TOKEN, 3001));
    await page.getByRole('link', { name: 'Documents' }).click();
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toMatch(/missions-ilot-13\.md/);
    // Her quartiers' documents and the general ones; never Rosa Parks'.
    expect(await main.textContent()).toMatch(/missions-bas-belleville\.md/);
    expect(await page.locator('#documents-general').textContent()).toMatch(/bons-gestes-canicule\.md/);
    expect(await main.textContent()).not.toMatch(/rosa-parks/i);
    expect(await page.locator('#documents-general button').count()).toBe(0);

    const file = 'composteur-cour.md';
    const text = `# Le composteur de la cour

Le composteur collectif de la cour du 5 rue de Test ouvre le mercredi de 18 h à 19 h.
La clé du composteur est chez le gardien de l'immeuble, qui la prête contre une pièce d'identité.
`;
    await page.getByLabel('Quartier', { exact: true }).selectOption('ilot-13');
    await page
      .getByLabel('Fichier')
      .setInputFiles({ name: file, mimeType: 'text/markdown', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Ajouter et indexer' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/« composteur-cour\.md » ajouté pour Ilot 13/);
    const row = page.locator('#documents-ilot-13 tr', { hasText: file });
    const stored = await db
      .selectFrom('kb_documents')
      .innerJoin('kb_chunks', 'kb_chunks.document_id', 'kb_documents.id')
      .select(['kb_documents.id', 'kb_documents.path', 'kb_documents.scope'])
      .where('kb_documents.file', '=', file)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored[0]!.scope).toBe('ilot-13');
    expect(await row.textContent()).toMatch(new RegExp(`Indexé : ${stored.length} passages?`));
    await check(page, 'documents');

    const resident = standIn.user(TOKEN, 7000); // a person supported in Ilot 13
    await resident.send('Quand est-ce que le composteur collectif de la cour ouvre ?');
    const answer = await resident.expect(/mercredi de 18 h à 19 h/, 20_000);
    process.stdout.write(`resident's answer from the uploaded document: ${JSON.stringify(answer.text)}\n`);

    // Removing another quartier's document, even with her own session and token, changes nothing.
    const rosa = await db
      .selectFrom('kb_documents')
      .select('id')
      .where('scope', '=', 'rosa-parks')
      .executeTakeFirstOrThrow();
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    await page.request.post(`${base}/documents/${rosa.id}/retirer`, { form: { _csrf: csrf } });
    expect(await db.selectFrom('kb_documents').select('id').where('id', '=', rosa.id).execute()).toHaveLength(1);

    // Uploads are checked on the server: the token, her quartiers, the chat's 20 MB limit; nothing is written.
    const upload = (fields: Record<string, string>, name: string, size: number) =>
      page.request.post(`${base}/documents`, {
        multipart: { ...fields, document: { name, mimeType: 'text/markdown', buffer: Buffer.alloc(size, 'a') } },
      });
    expect((await upload({ quartier: 'ilot-13' }, 'sans-jeton.md', 100)).status()).toBe(403);
    const elsewhere = await upload({ _csrf: csrf, quartier: 'rosa-parks' }, 'ailleurs.md', 100);
    expect(await elsewhere.text()).toMatch(/que pour vos quartiers/);
    const big = await upload({ _csrf: csrf, quartier: 'ilot-13' }, 'trop-gros.md', 20 * 1024 * 1024 + 1);
    expect(big.status()).toBe(413);
    expect(await big.text()).toMatch(/trop lourd/);
    const names = ['sans-jeton.md', 'ailleurs.md', 'trop-gros.md'];
    expect(await db.selectFrom('kb_documents').select('id').where('file', 'in', names).execute()).toEqual([]);
    for (const q of ['ilot-13', 'rosa-parks'])
      for (const n of names) expect(existsSync(join(knowledgeDir, q, n))).toBe(false);

    await page.getByRole('button', { name: `Retirer ${file}` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/« composteur-cour\.md » retiré/);
    expect(await page.locator('#docs-ilot-13 + *').textContent()).not.toMatch(/composteur-cour/);
    expect(await db.selectFrom('kb_documents').select('id').where('file', '=', file).execute()).toEqual([]);
    expect(await db.selectFrom('kb_chunks').select('id').where('document_id', '=', stored[0]!.id).execute()).toEqual(
      [],
    );
    expect(existsSync(stored[0]!.path)).toBe(false);
    await resident.send('Quand est-ce que le composteur collectif de la cour ouvre ?');
    // The next answer (from the other documents, or "not found"), no longer from the removed one.
    const after = await resident.expect(/Source|pas trouvé/, 20_000);
    expect(after.text).not.toMatch(/18 h à 19 h/);

    // A file that cannot be read is set aside, with why, and can be removed too.
    await page.getByLabel('Quartier', { exact: true }).selectOption('ilot-13');
    await page
      .getByLabel('Fichier')
      .setInputFiles({ name: 'abime.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('pas un zip') });
    await page.getByRole('button', { name: 'Ajouter et indexer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/pas pu lire « abime\.docx »/);
    const setAside = page.locator('#documents-ilot-13 tr', { hasText: 'abime.docx' });
    expect(await setAside.textContent()).toMatch(/Mis de côté : le fichier semble abîmé/);
    await page.getByRole('button', { name: 'Retirer abime.docx' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/« abime\.docx » retiré/);
    expect(await page.locator('#docs-ilot-13 + *').textContent()).not.toMatch(/abime/);

    await page.getByRole('link', { name: 'Journal' }).click();
    await expect.poll(() => main.textContent()).toMatch(/Document retiré/);
    expect(await main.textContent()).toMatch(/Document ajouté/);
    await context.close();
  });
});
