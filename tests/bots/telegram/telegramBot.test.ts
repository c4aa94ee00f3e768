import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestSpace, type TestSpace } from '../../support/env.js';
import { startTelegramStandIn } from '../../support/telegramStandIn.js';
import { ProductProcess } from '../../support/product.js';
import { openDatabase } from '../../../src/storage/database.js';
import { countPersonalRows } from '../../support/network.js';

const TOKEN = '123456:TEST-token';

describe.each(DB_KINDS)('Telegram bot end to end over HTTP (%s)', (kind) => {
  let standIn: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let space: TestSpace;
  let product: ProductProcess;
  const start = async () => {
    const p = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      LOG_LEVEL: 'info',
    });
    await p.waitForLog(/telegram long polling started/);
    return p;
  };
  const rows = async () => {
    const db = await openDatabase(space.config.database);
    try {
      return await countPersonalRows(db);
    } finally {
      await db.destroy();
    }
  };

  beforeAll(async () => {
    standIn = await startTelegramStandIn();
    space = await createTestSpace(kind);
    product = await start();
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await standIn?.close();
    await space?.cleanup();
  });

  it('survives a failing start-up call (setMyCommands is not in the emulator) and logs it', () => {
    expect(product.stderr).toMatch(/setMyCommands failed/);
  });

  it('offers the command menu built from the features, in French and in English', () => {
    const menus = standIn.calls
      .filter((c) => c.method === 'setMyCommands')
      .map(
        (c) => JSON.parse(c.body) as { commands: { command: string; description: string }[]; language_code?: string },
      );
    const fr = menus.find((m) => !m.language_code)?.commands.map((c) => c.command);
    const en = menus.find((m) => m.language_code === 'en')?.commands.map((c) => c.command);
    expect(fr).toEqual([
      'start',
      'agenda',
      'conseils',
      'mesdonnees',
      'modifier',
      'quitter',
      'annuler',
      'retour',
      'aide',
    ]);
    expect(en).toEqual(['start', 'agenda', 'tips', 'mydata', 'edit', 'leave', 'cancel', 'back', 'help']);
    expect(menus.flatMap((m) => m.commands).every((c) => c.description && !c.description.includes('.'))).toBe(true);
  });

  it('a full signup with buttons, then /mesdonnees and /quitter erase everything', async () => {
    const u = standIn.user(TOKEN, 1001);
    await u.send('/start');
    await u.expect(/Dans quel quartier/);
    await u.press(/Rosa Parks/);
    await u.expect(/participer/);
    await u.press(/voisin·e volontaire/);
    await u.expect(/adresse de votre immeuble/);
    await u.send('20 rue Émile Bollaert');
    await u.expect(/joindre/);
    await u.press(/cette conversation/);
    await u.expect(/disponible/);
    await u.press(/week-end/);
    await u.expect(/Plusieurs réponses possibles/);
    await u.press(/Valider/);
    await u.expect(/qu'on vous appelle/);
    await u.press(/Passer/);
    await u.expect(/votre accord/);
    await u.press(/Oui/);
    const summary = await u.expect(/Vérifions/);
    expect(summary.text).toMatch(/20 rue Émile Bollaert/);
    expect(summary.buttons.map((b) => b.text)).toEqual(['Confirmer', 'Modifier', 'Annuler']);
    await u.press(/Confirmer/);
    await u.expect(/enregistré/);
    // The answered question shows the choice and loses its buttons.
    const answered = standIn.server.storage.botMessages.find(
      (m) => String(m.message.chat_id) === '1001' && /Vérifions/.test(m.message.text),
    );
    expect(answered?.message.text).toMatch(/→ Confirmer/);

    await u.send('/mesdonnees');
    const data = await u.expect(/tout ce que je garde/);
    expect(data.text).toMatch(/Rosa Parks/);
    expect(data.text).toMatch(/Le week-end/);
    expect(await rows()).toMatchObject({ members: 1 });

    await u.send('/quitter');
    await u.expect(/vraiment quitter/);
    await u.press(/tout effacer/);
    await u.expect(/effacées/);
    expect(await rows()).toEqual({ people: 0, members: 0, flows: 0 });
  });

  it('a signup with typed answers and wrong answers, in English for an English Telegram', async () => {
    const u = standIn.user(TOKEN, 1002, { languageCode: 'en' });
    await u.send('/start');
    await u.expect(/Which neighbourhood/);
    await u.send('Ilot 13');
    await u.expect(/take part/);
    await u.send('I want to be helped'); // not an option label: a hint, same question
    await u.expect(/did not understand/);
    await u.send('1');
    await u.expect(/building's address/);
    await u.send('hello');
    await u.expect(/does not look like an address/);
    await u.send('8 rue Nationale');
    await u.expect(/Building or staircase/);
    await u.send('skip');
    await u.expect(/Which floor/);
    await u.send('3');
    await u.expect(/Which door/);
    await u.send('skip');
    await u.expect(/reach you/);
    await u.send('2');
    await u.expect(/phone number/);
    await u.send('12345');
    await u.expect(/does not seem valid/);
    await u.send('06 98 76 54 32');
    await u.expect(/optional/);
    await u.send('I live alone');
    await u.expect(/called by/);
    await u.send('Marguerite');
    await u.expect(/agreement/);
    await u.send('yes');
    const summary = await u.expect(/check together/);
    expect(summary.text).toMatch(/06 98 76 54 32/);
    await u.send('confirm');
    await u.expect(/registered/);
  });

  it('/annuler leaves the flow and keeps nothing', async () => {
    const u = standIn.user(TOKEN, 1003);
    await u.send('/start');
    await u.expect(/Dans quel quartier/);
    await u.press(/Ilot 13/);
    await u.expect(/participer/);
    await u.send('/annuler');
    await u.expect(/annulé/);
    await u.press(/voisin·e volontaire/); // a button of the abandoned question
    await u.expect(/pas compris/);
  });

  it('stickers and photos get a short polite answer; group chats are not served', async () => {
    const u = standIn.user(TOKEN, 1004);
    await u.sendRaw({
      sticker: {
        file_id: 'x',
        file_unique_id: 'y',
        width: 1,
        height: 1,
        is_animated: false,
        is_video: false,
        type: 'regular',
      },
    });
    await u.expect(/messages écrits/);
    const g = standIn.user(TOKEN, 1005, { chatType: 'group' });
    await g.send('/start');
    await g.expect(/conversation privée/);
  });

  it('two people at once do not mix their state', async () => {
    const a = standIn.user(TOKEN, 1006);
    const b = standIn.user(TOKEN, 1007);
    await Promise.all([a.send('/start'), b.send('/start')]);
    await Promise.all([a.expect(/Dans quel quartier/), b.expect(/Dans quel quartier/)]);
    await Promise.all([a.press(/Ilot 13/), b.press(/Bas-Belleville/)]);
    await Promise.all([a.expect(/participer/), b.expect(/participer/)]);
    await Promise.all([a.press(/volontaire/), b.press(/relais d'école/)]);
    await Promise.all([a.expect(/adresse de votre immeuble/), b.expect(/adresse de l'école/)]);
  });

  it('a typed question outside a flow is answered from the quartier documents, with its source', async () => {
    const u = standIn.user(TOKEN, 1009);
    await u.send("C'est quoi un DTG ?");
    const answer = await u.expect(/D'après les documents du quartier|Voici ce que disent les documents/);
    expect(answer.text).toMatch(/diagnostic technique global/i);
    expect(answer.text).toMatch(/Source : |» — /);
    await u.send('Combien gagne un éco-gestionnaire, son salaire ?');
    await u.expect(/(Je n'ai pas trouvé la réponse|je ne suis pas sûr)[\s\S]*example\.org/);
  });

  it('a restart in the middle of the flow (SIGKILL) loses nothing', async () => {
    const u = standIn.user(TOKEN, 1008);
    await u.send('/start bas-belleville');
    await u.expect(/participer/);
    await u.press(/appelé·e/);
    await u.expect(/adresse/);
    await product.kill('SIGKILL');
    product = await start();
    await u.send('12 rue de Belleville');
    for (const question of [/Bâtiment/, /étage/, /porte/]) {
      await u.expect(question);
      await u.press(/Passer/);
    }
    await u.expect(/joindre/);
    await u.press(/cette conversation/);
    await u.expect(/facultative/);
  });
});
