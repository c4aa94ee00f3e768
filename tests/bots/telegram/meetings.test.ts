import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { createTestSpace, eventually, type TestSpace } from '../../support/env.js';
import { startTelegramStandIn } from '../../support/telegramStandIn.js';
import { ProductProcess } from '../../support/product.js';
import { seedNetwork } from '../../support/network.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';

const TOKEN = '778:MEETING-token';

describe('rénovation meetings on Telegram, end to end through the product', () => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  let db: Db;

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace('sqlite');
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
      ECO_MANAGERS: 'telegram:3101:bas-belleville',
    });
    await product.waitForLog(/telegram long polling started/);
    db = await openDatabase(space.config.database);
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await db?.destroy();
    await standIn?.close();
    await space?.cleanup();
  });

  it(
    'an eco-manager publishes with /evenement; a member is invited, registers ' +
      'with one tap, gets the .ics; the last place makes a waiting list',
    async () => {
      const [first, second] = await seedNetwork(db, 2, {
        firstChatId: 3201,
        quartiers: ['bas-belleville'],
        roles: ['supported'],
      });
      const manager = standIn.user(TOKEN, 3101);
      await manager.send('/evenement');
      await manager.expect(/de quel type/);
      await manager.press(/Réunion d'information/);
      await manager.expect(/Quel titre/);
      await manager.send('La ZRC expliquée aux copropriétaires');
      await manager.expect(/Où \?/); // their one quartier, not asked
      await manager.send('Maison de quartier, 20 passage Imaginaire');
      await manager.expect(/Quand commence/);
      const day = new Intl.DateTimeFormat('fr-FR', {
        timeZone: 'Europe/Paris',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date(Date.now() + 15 * 86_400_000));
      await manager.send(`${day} 19:00`);
      await manager.expect(/Combien de temps/);
      await manager.press(/^2h$/);
      await manager.expect(/Combien de places/);
      await manager.send('1');
      await manager.expect(/Qui prévenir/);
      await manager.press(/Tout le réseau/);
      await manager.expect(/Seulement les immeubles/);
      await manager.press(/Tout le quartier/);
      await manager.expect(/Quand rappeler/);
      await manager.press(/1 jour et 1 heure avant/);
      const preview = await manager.expect(/Aperçu/);
      expect(preview.text).toMatch(/Rappels : 1\sjour, 1\sheure avant/);
      expect(preview.text).toMatch(/Personnes prévenues maintenant : 2/);
      await manager.press(/Publier/);
      await manager.expect(/est publié/);

      const a = standIn.user(TOKEN, Number(first!.chatId));
      await a.expect(/Vous êtes invité/);
      await a.press(/Je m'inscris/);
      await a.expect(/vous êtes inscrit·e à « La ZRC expliquée aux copropriétaires »/);
      const ics = await eventually(
        () => standIn.sentDocuments.find((d) => d.chatId === first!.chatId),
        10_000,
        '.ics sent',
      );
      expect(ics.fileName).toMatch(/\.ics$/);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
      expect(event.location).toBe('Maison de quartier, 20 passage Imaginaire');
      expect(
        new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(
          event.startDate.toJSDate(),
        ),
      ).toBe('19:00');

      const b = standIn.user(TOKEN, Number(second!.chatId));
      await b.expect(/Vous êtes invité/);
      await b.press(/Je m'inscris/);
      await b.expect(/C'est complet[\s\S]*liste d'attente \(n° 1\)/);
      // The first cannot come after all: the place goes to the second, who is told.
      await a.send('/agenda');
      await a.expect(/Vous êtes inscrit·e/);
      await a.press(/Je ne peux plus venir/);
      await a.expect(/votre place est libérée/);
      await b.expect(/une place s'est libérée/);
      await manager.send('/evenements');
      await manager.expect(/inscrits : 1 · en attente : 0/);
    },
  );
});
