import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_MIGRATIONS } from '../../../src/features/index.js';
import { type Db, openDatabase } from '../../../src/storage/database.js';
import { startAddressApi } from '../../support/addressApiStandIn.js';
import { createTestSpace, DB_KINDS, eventually, type TestSpace } from '../../support/env.js';
import { seedNetwork } from '../../support/network.js';
import { ProductProcess } from '../../support/product.js';
import { alertToWholeNetwork, startTelegramStandIn } from '../../support/telegramStandIn.js';

const TOKEN = '777:COOL-token';
const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/cool-places/${name}`, import.meta.url));

/** `npm run cli -- …` as an operator runs it, with the product's environment. */
function cli(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

// Real time in the product: the parks "open non-stop during a heat wave" (canicule_ouverture) are open whatever
// the hour once an alert runs in the quartier, so every check below holds day and night.
describe.each(DB_KINDS)('cool places through the product (Telegram, %s)', (kind) => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let api: Awaited<ReturnType<typeof startAddressApi>>;
  let space: TestSpace;
  let product: ProductProcess;
  let db: Db;
  let env: Record<string, string>;
  let belleville: { chatId: string; personId: string }[];
  let rosa: { chatId: string }[];

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    api = await startAddressApi();
    space = await createTestSpace(kind);
    // The eco-manager's edits below take more than the 30 messages a minute a person may send by default.
    env = {
      ...space.env,
      ADRESSE_API_URL: api.url,
      ECO_MANAGERS: 'telegram:4001:bas-belleville',
      RATE_LIMIT_PER_MINUTE: '200',
    };
    product = new ProductProcess({
      ...env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
    });
    await product.waitForLog(/telegram long polling started/);
    db = await openDatabase(space.config.database, { features: FEATURE_MIGRATIONS });
    belleville = await seedNetwork(db, 2, { firstChatId: 9100, quartiers: ['bas-belleville'], roles: ['supported'] });
    rosa = await seedNetwork(db, 1, { firstChatId: 9200, quartiers: ['rosa-parks'], roles: ['supported'] });
    // A building the address API knows: distances from it, not from the quartier's centre.
    await db
      .updateTable('network_members')
      .set({ address: '12 rue Ramponeau' })
      .where('quartier', '=', 'bas-belleville')
      .execute();
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await db?.destroy();
    await api?.close();
    await standIn?.close();
    await space?.cleanup();
  });

  const messagesTo = (chatId: string) =>
    standIn.server.storage.botMessages
      .filter((m) => String(m.message.chat_id) === chatId)
      .map((m) => m.message.text as string);

  it('an eco-manager imports the open-data file she sends; the CLI imports another quartier', async () => {
    const manager = standIn.user(TOKEN, 4001);
    standIn.addFile('cool-geojson', 'espaces-verts.geojson', readFileSync(fixturePath('espaces-verts.geojson')));
    await manager.sendRaw({
      document: { file_id: 'cool-geojson', file_unique_id: 'c1', file_name: 'espaces-verts.geojson', file_size: 4000 },
    });
    await manager.expect(/Import terminé pour Bas-Belleville\. Lieux ajoutés : 1/);
    const cliRun = await cli(env, [
      'cool-places',
      'import',
      '--quartier',
      'rosa-parks',
      fixturePath('espaces-verts.geojson'),
    ]);
    expect(cliRun.out).toMatch(/added 1, updated 0, removed 0/);
    expect(cliRun.code).toBe(0);
    const rows = await db
      .withTables<{ cool_places: { quartier: string; name: string } }>()
      .selectFrom('cool_places')
      .select(['quartier', 'name'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { quartier: 'rosa-parks', name: 'Jardin Serge Gainsbourg' },
      { quartier: 'bas-belleville', name: 'Parc de Belleville' },
    ]);
  });

  // What a resident asking is shown depends on the hour in Paris: by day the places open under the heat-wave
  // hours, from 22h to 6h the parks open at night (this one is) — the suite runs at any hour.
  const NEARBY_DURING_ALERT =
    /Lieux frais ouverts maintenant près de chez vous \(horaires canicule\)|Cette nuit, les parcs/;

  it('during an alert: the alert names the nearest place; /frais and "où aller au frais ?" answer with it', async () => {
    const manager = standIn.user(TOKEN, 4001);
    await manager.send('/alerte');
    await alertToWholeNetwork(manager, /orange/);
    await manager.press(/Envoyer/);
    await eventually(() => belleville.every((r) => messagesTo(r.chatId).length >= 1), 30_000, 'alert delivered');
    const alert = messagesTo(belleville[0]!.chatId)[0]!;
    expect(alert).toMatch(/Vigilance orange canicule/);
    expect(alert).toMatch(/Lieux frais ouverts aujourd'hui près de chez vous :[\s\S]*Parc de Belleville/);

    const resident = standIn.user(TOKEN, Number(belleville[1]!.chatId));
    await resident.send('/frais');
    const near = await resident.expect(NEARBY_DURING_ALERT);
    expect(near.text).toMatch(/1\. Parc de Belleville \(parc ou jardin\) — \d+ m/);
    expect(near.text).not.toMatch(/centre du quartier|Gainsbourg/);
    await resident.send('où aller au frais ?');
    expect((await resident.expect(NEARBY_DURING_ALERT)).text).toMatch(/Parc de Belleville/);
    expect(api.queries.some((q) => q.includes('rue ramponeau'))).toBe(true);

    // Rosa Parks has no alert and is not Bas-Belleville: none of Belleville's places, ever.
    const other = standIn.user(TOKEN, Number(rosa[0]!.chatId));
    await other.send('un endroit climatisé près de chez moi ?');
    const theirs = await other.expect(/Lieux frais|Aucun|Cette nuit/);
    expect(theirs.text).not.toMatch(/Belleville/);
    expect(messagesTo(rosa[0]!.chatId).some((m) => /Vigilance/.test(m))).toBe(false);
  });

  it('the eco-manager closes a place for today (rights re-checked on the button), then reopens it', async () => {
    const manager = standIn.user(TOKEN, 4001);
    await manager.send('/lieuxfrais');
    await manager.expect(/Lieux frais de Bas-Belleville \(1\) :\n1\. Parc de Belleville/);
    await manager.press(/Parc de Belleville/);
    await manager.expect(/Parc de Belleville \(parc ou jardin\)/);
    const place = await db
      .withTables<{ cool_places: { id: string; name: string } }>()
      .selectFrom('cool_places')
      .select('id')
      .where('name', '=', 'Parc de Belleville')
      .executeTakeFirstOrThrow();
    // A resident forging the eco-manager's button: refused, nothing closed.
    const resident = standIn.user(TOKEN, Number(belleville[1]!.chatId));
    await resident.pressData(`cp:c:${place.id}`);
    await resident.expect(/réservée aux éco-gestionnaires/);
    await manager.press(/Fermer aujourd'hui/);
    await manager.expect(/Parc de Belleville est marqué fermé pour aujourd'hui/);
    await resident.send('/frais');
    expect((await resident.expect(/Lieux frais|Aucun/)).text).not.toMatch(/Parc de Belleville/);
    await manager.send('/lieuxfrais');
    await manager.expect(/Parc de Belleville.*\(fermé aujourd'hui\)/);
    await manager.press(/Parc de Belleville/);
    await manager.expect(/Parc de Belleville \(parc ou jardin\)/);
    await manager.press(/Rouvrir/);
    await manager.expect(/Parc de Belleville est de nouveau proposé/);
    await resident.send('/frais');
    expect((await resident.expect(/Lieux frais|Cette nuit, les parcs/)).text).toMatch(/Parc de Belleville/);
  });

  it('the eco-manager edits a place in chat (a bad value refused kindly); a resident then sees the new hours', async () => {
    const manager = standIn.user(TOKEN, 4001);
    const resident = standIn.user(TOKEN, Number(belleville[1]!.chatId));
    const places = () => db.withTables<{ cool_places: { id: string; name: string; hours: string } }>();
    const place = await places()
      .selectFrom('cool_places')
      .selectAll()
      .where('name', '=', 'Parc de Belleville')
      .executeTakeFirstOrThrow();
    // The usual hours count once the alert is over (during one, the park's heat-wave hours: 24h).
    await manager.send('/finalerte');
    await manager.expect(/L'alerte est terminée/);
    const openEdit = async () => {
      await manager.send('/lieuxfrais');
      await manager.expect(/Lieux frais de Bas-Belleville/);
      await manager.press(/Parc de Belleville/);
      await manager.expect(/Parc de Belleville \(parc ou jardin\)/);
      await manager.press(/^Modifier$/);
      await manager.expect(/Parc de Belleville : que voulez-vous modifier \?/);
    };
    // A resident forging the Modifier button: refused, no edit started.
    await resident.pressData(`cp:e:${place.id}`);
    await resident.expect(/réservée aux éco-gestionnaires/);

    // Annuler on the summary changes nothing.
    await openEdit();
    await manager.press(/^Nom$/);
    await manager.expect(/Nom actuel : Parc de Belleville/);
    await manager.send('Parc des Couronnes');
    await manager.expect(/Nom : Parc de Belleville → Parc des Couronnes\nJ'enregistre ce changement \?/);
    await manager.press(/^Annuler$/);
    await manager.expect(/Rien n'a été modifié/);

    // Summer night opening off (June to September it would keep the park open day and night).
    await openEdit();
    await manager.press(/Ouverture de nuit/);
    await manager.expect(/Ouvert jour et nuit l'été \? \(actuellement : Oui\)/);
    await manager.press(/^Non$/);
    await manager.expect(/Ouverture de nuit l'été : Oui → Non/);
    await manager.press(/^Confirmer$/);
    await manager.expect(/C'est enregistré\. Parc de Belleville — Ouverture de nuit l'été : Non\./);

    // Today's hours: from this hour to two hours later, so the park is open now whatever the time of the run.
    const paris = DateTime.now().setZone('Europe/Paris');
    const [from, to] = [paris.hour, (paris.hour + 2) % 24];
    const weekday = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'][paris.weekday - 1]!;
    await openEdit();
    await manager.press(/^Horaires$/);
    await manager.expect(/Les horaires de quel jour \?/);
    await manager.press(new RegExp(`^${weekday}$`));
    await manager.expect(new RegExp(`Horaires actuels \\(${weekday.toLowerCase()}\\) : \\d+h00–21h30`));
    await manager.send('le matin');
    const hint = await manager.expect(/Je n'ai pas compris ces horaires/);
    expect(hint.text).toMatch(/« 10h - 19h »[\s\S]*Horaires actuels/); // the same question again
    await manager.send(`${from}h - ${to}h`);
    await manager.expect(new RegExp(`Horaires \\(${weekday.toLowerCase()}\\) : \\d+h00–21h30 → ${from}h00–${to}h00`));
    await manager.press(/^Confirmer$/);
    await manager.expect(/C'est enregistré\. Parc de Belleville/);

    await resident.send('/frais');
    const near = await resident.expect(/Lieux frais|Cette nuit|Aucun/);
    expect(near.text).toMatch(new RegExp(`Parc de Belleville[\\s\\S]*jusqu'à ${to}h00`));
    expect(near.text).not.toMatch(/horaires canicule/);
    // Only today's weekday changed; the name kept (the cancelled edit).
    const row = await places()
      .selectFrom('cool_places')
      .selectAll()
      .where('id', '=', place.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Parc de Belleville');
    const week = JSON.parse(row.hours) as { start: number; end: number }[][];
    expect(week[paris.weekday - 1]).toEqual([{ start: from * 60, end: (to <= from ? to + 24 : to) * 60 }]);
    expect(week.filter((_d, i) => i !== paris.weekday - 1).every((d) => d[0]?.end === 21 * 60 + 30)).toBe(true);
  });

  it('the eco-manager adds a place by hand; residents are offered it', async () => {
    const manager = standIn.user(TOKEN, 4001);
    await manager.send('/lieuxfrais');
    await manager.expect(/Lieux frais de Bas-Belleville \(1\)/);
    await manager.press(/^Ajouter un lieu$/);
    await manager.expect(/Nouveau lieu pour Bas-Belleville\. Son nom \?/);
    await manager.send('x');
    await manager.expect(/Le nom doit faire entre 2 et 200 caractères[\s\S]*Son nom \?/);
    await manager.send('Square Ramponeau');
    await manager.expect(/Quel genre de lieu \?/);
    await manager.press(/^Parc ou jardin$/);
    await manager.expect(/Son adresse \?/);
    await manager.send('12 rue Ramponeau');
    await manager.expect(/Ses horaires/);
    await manager.send('24h/24');
    await manager.expect(
      /Square Ramponeau \(parc ou jardin\)\n12 rue Ramponeau\nHoraires : 24h\/24\nJ'ajoute ce lieu \?/,
    );
    await manager.press(/^Confirmer$/);
    const saved = await manager.expect(/Square Ramponeau est ajouté aux lieux frais de Bas-Belleville\./);
    expect(saved.text).not.toMatch(/centre du quartier/); // the address API placed it

    const resident = standIn.user(TOKEN, Number(belleville[0]!.chatId));
    await resident.send('/frais');
    // Its alert message (read first) also lists places: wait for the answer to /frais itself.
    const near = await resident.expect(/^(Lieux frais ouverts maintenant|Cette nuit)/);
    // Placed where the address API put 12 rue Ramponeau: nearest, with its map link.
    expect(near.text).toMatch(/^1\. Square Ramponeau \(parc ou jardin\) — \d+ m\n12 rue Ramponeau\n/m);
    expect(near.text).toContain('mlat=48.87120&mlon=2.38020');
    const other = standIn.user(TOKEN, Number(rosa[0]!.chatId));
    await other.send('/frais');
    // Whatever the hour: places open, none open (after the note on where distances are counted from), or night.
    expect((await other.expect(/(Lieux frais ouverts|Aucun|Cette nuit)/)).text).not.toMatch(/Ramponeau/);
  });
});
