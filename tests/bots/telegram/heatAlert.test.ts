import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSpace, eventually, type TestSpace } from '../../support/env.js';
import { alertToWholeNetwork, startTelegramStandIn } from '../../support/telegramStandIn.js';
import { ProductProcess } from '../../support/product.js';
import { seedNetwork } from '../../support/network.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';

const TOKEN = '777:ALERT-token';

describe('heat alert from Telegram, end to end over HTTP', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let db: Db;
  let recipients: { chatId: string }[];
  let others: { chatId: string }[];

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      ECO_MANAGERS: 'telegram:3001:ilot-13+bas-belleville,telegram:3002:rosa-parks',
    });
    await product.waitForLog(/telegram long polling started/);
    db = await openDatabase(space.config.database);
    recipients = await seedNetwork(db, 50, {
      firstChatId: 7000,
      quartiers: ['ilot-13', 'bas-belleville'],
      roles: ['supported', 'volunteer', 'relay_building', 'relay_school'],
    });
    others = await seedNetwork(db, 5, {
      firstChatId: 8000,
      quartiers: ['rosa-parks'],
      roles: ['supported', 'volunteer'],
    });
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await db?.destroy();
    await standIn?.close();
    await space?.cleanup();
  });

  const messagesTo = (chatId: string) =>
    standIn.server.storage.botMessages.filter((m) => String(m.message.chat_id) === chatId);

  it('an eco-manager composes, previews with the exact count, confirms; each recipient gets exactly one message', async () => {
    const manager = standIn.user(TOKEN, 3001);
    await manager.send('/alerte');
    const first = await manager.expect(/pour quel quartier/);
    expect(first.buttons.map((b) => b.text)).toEqual(['Ilot 13', 'Bas-Belleville', 'Tous mes quartiers']);
    await manager.send('Rosa Parks');
    await manager.expect(/Choisissez un de vos quartiers/);
    await manager.press(/Tous mes quartiers/);
    const preview = await alertToWholeNetwork(manager, /orange/);
    expect(preview.text).toMatch(/Nombre exact : 50 \(Telegram : 50\)/);
    expect(preview.text).toMatch(/Ilot 13, Bas-Belleville/);
    // Nothing leaves before the confirmation.
    expect(messagesTo(recipients[0]!.chatId)).toHaveLength(0);
    await manager.press(/Envoyer/);
    await manager.expect(/C'est parti/).catch((err) => {
      throw new Error(`${err.message}\n${product.stderr.slice(-3000)}`);
    });

    await eventually(
      () => recipients.every((r) => messagesTo(r.chatId).length >= 1),
      30_000,
      'every recipient reached',
    );
    // The live report, edited in place, ends with the final figures: every message has been settled.
    await eventually(
      () => messagesTo('3001').some((m) => /Alerte envoyée\.\nEnvoyés : 50 \/ 50/.test(m.message.text)),
      20_000,
      'final report',
    );
    for (const r of recipients) {
      const msgs = messagesTo(r.chatId);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]!.message.text).toMatch(/Vigilance orange canicule/);
    }
    for (const o of others) expect(messagesTo(o.chatId)).toHaveLength(0);

    await manager.send('/alertes');
    const list = await manager.expect(/Dernières alertes/);
    expect(list.text).toMatch(
      /Vigilance orange canicule — Ilot 13, Bas-Belleville — en cours : 50\/50 envoyés, 0 échecs, 0 injoignables/,
    );
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['alert.create', 'alert.figures'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['alert.create', 'alert.figures']);
  });

  it('a resident cannot broadcast, and the attempt is logged', async () => {
    const resident = standIn.user(TOKEN, 1010);
    await resident.send('/alerte');
    await resident.expect(/réservée aux éco-gestionnaires/);
    await eventually(
      async () =>
        (await db.selectFrom('audit_log').select('action').where('action', '=', 'alert.denied').execute()).length === 1,
      5000,
      'audit of the refusal',
    );
  });

  it('an eco-manager only sees and targets their own quartiers', async () => {
    const rosa = standIn.user(TOKEN, 3002);
    await rosa.send('/alerte');
    // Her only quartier is taken without asking; the preview names it.
    const preview = await alertToWholeNetwork(rosa, /jaune/);
    expect(preview.text).toMatch(/Quartier\(s\) : Rosa Parks\n/);
    await rosa.send('/annuler');
    await rosa.expect(/annulé|arrêté|rien/i);
    await rosa.send('/finalerte');
    await rosa.expect(/Aucune alerte en cours dans vos quartiers/);
    await rosa.send('/annuler');
  });
});
