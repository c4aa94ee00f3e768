import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithBothChannels } from '../../support/bothChannels.js';
import { SlackUser } from '../../support/slackStandIn.js';
import { createTestApp, joinAsSupported, texts } from '../../support/context.js';
import { DB_KINDS } from '../../support/env.js';

const TOKEN = '560:INBOX-token';

/**
 * Issue 13, item 4: what the bot could not answer reaches the eco-manager (/questions, grouped, with counts);
 * her answer goes to the people who asked and is used first afterwards; "Pas utile" lands in the inbox too.
 */
describe('unanswered questions reach the eco-manager, over Telegram and Slack', () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN, { ECO_MANAGERS: 'slack:UMGR:ilot-13' });
  });
  afterAll(() => both?.close());

  it('groups the questions, takes her answer to the askers, and answers the next one with it', async () => {
    const first = both.telegram.user(TOKEN, 7801);
    const second = both.telegram.user(TOKEN, 7802);
    // Neither is in the network: each says which quartier first (issue 21, item 5).
    await first.send('Comment je refais mon passeport ?');
    await first.expect(/préfère ne pas inventer[\s\S]*de quel quartier êtes-vous/);
    await first.press(/Ilot 13/);
    await first.expect(/J'ai transmis votre question à l'éco-gestionnaire de Ilot 13/);
    await second.send('comment refaire mon passeport');
    await second.expect(/de quel quartier/);
    await second.press(/Ilot 13/);
    await second.expect(/J'ai transmis votre question/);

    // An answer the bot gave, marked unhelpful with its button.
    const third = both.telegram.user(TOKEN, 7803);
    // (An emergency: the safety text answers it, with "Pas utile" like any answer.)
    await third.send('ma voisine a fait un malaise');
    const answer = await third.expect(/^Si quelqu'un se sent mal[\s\S]*15 \(SAMU\) ou le 112/);
    expect(answer.buttons.map((b) => b.text)).toEqual(['Pas utile']);
    await third.press(/Pas utile/);
    await third.expect(/de quel quartier/);
    await third.press(/Ilot 13/);
    await third.expect(/transmis votre question à l'éco-gestionnaire de Ilot 13/);

    // A resident has no inbox, even with a forged button.
    await third.send('/questions');
    await third.expect(/réservée aux éco-gestionnaires/);

    const manager = new SlackUser(both.slack, both.requests, 'UMGR');
    await manager.command('questions');
    const inbox = await manager.expect(/Questions sans réponse/);
    expect(inbox.text).toMatch(/« Comment je refais mon passeport \? » — posée par 2 personnes/);
    expect(inbox.text).toMatch(
      /« ma voisine a fait un malaise » — posée par 1 personne \(réponse du bot jugée pas utile\)/,
    );
    const reply = inbox.buttons.find((b) => /passeport/.test(b.text))!;
    await third.pressData(reply.value);
    await third.expect(/réservée aux éco-gestionnaires/);

    await manager.pressOn(inbox, reply);
    await manager.expect(/Votre réponse \?/);
    await manager.send('Sur rendez-vous à la mairie du 13e, après une pré-demande en ligne sur ants.gouv.fr.');
    await manager.expect(/Réponse enregistrée : 2 personnes prévenues\./);

    for (const asker of [first, second]) {
      const told = await asker.expect(/Réponse de l'éco-gestionnaire/);
      expect(told.text).toMatch(/passeport[\s\S]*ants\.gouv\.fr/);
    }
    // The next person asking gets her answer at once, cited as hers.
    const fourth = both.telegram.user(TOKEN, 7804);
    await fourth.send('passeport, comment le refaire ?');
    const curated = await fourth.expect(/Réponse de l'éco-gestionnaire :\nSur rendez-vous à la mairie du 13e/);
    expect(curated.buttons.map((b) => b.text)).toEqual(['Pas utile']);

    // The question marked unhelpful is set aside: nobody is told, it leaves the inbox.
    await manager.command('questions');
    const after = await manager.expect(/Questions sans réponse/);
    expect(after.text).not.toMatch(/passeport/);
    await manager.pressOn(after, after.buttons.find((b) => /Ignorer : ma voisine a fait un malaise/.test(b.text))!);
    await manager.expect(/Mis de côté : 1 question/);
    // Not sure of an answer: what the documents say, and the question goes to the eco-manager too.
    await fourth.send("c'est quoi un DTG ?");
    await fourth.expect(/Voici ce que disent les documents — je ne suis pas sûr[\s\S]*de quel quartier/);
    await fourth.press(/Ilot 13/);
    await fourth.expect(/J'ai transmis votre question à l'éco-gestionnaire de Ilot 13/);
    await manager.command('questions');
    const middle = await manager.expect(/Questions sans réponse/);
    await manager.pressOn(middle, middle.buttons.find((b) => /Ignorer : c'est quoi un DTG/.test(b.text))!);
    await manager.expect(/Mis de côté : 1 question/);
    await manager.command('questions');
    await manager.expect(/Aucune question en attente/);
    expect(both.product.stderr).not.toMatch(/passeport/); // logs carry ids, never question texts
  });
});

/**
 * Issue 21, items 5–6 (and issue 22's /mesdonnees): the inbox cannot be flooded, people in no quartier say
 * theirs first, and a person's questions are listed in /mesdonnees and erased with /quitter. On both databases.
 */
describe.each(DB_KINDS)('the inbox against a flood, and the questions erased (%s)', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp(kind, { ECO_MANAGERS: 'terminal:mgr:bas-belleville,terminal:rosa:rosa-parks' });
  });
  afterAll(() => app?.close());

  const member = async (id: string) => {
    const p = app.person(id);
    expect(texts(await joinAsSupported(p, `${id.length + 10} rue des Couronnes`))).toMatch(/enregistré/);
    return p;
  };
  const inboxOf = async (id: string) => texts(await app.person(id).say('/questions'));

  it('pages the groups, orders them by different askers, caps each person, and erases what /quitter erases', async () => {
    const real = await member('real');
    const personal = 'Je suis Jeanne Dupont, 12 rue des Couronnes, 06 12 34 56 78 : quand passent les encombrants ?';
    expect(texts(await real.say(personal))).toMatch(/transmis votre question à l'éco-gestionnaire/);

    // One person repeating a question: counted once, and past 3 a day nothing more reaches the inbox.
    const repeater = await member('repeater');
    for (let i = 0; i < 3; i++)
      expect(texts(await repeater.say('Pourquoi la piscine Hébert est fermée ?'))).toMatch(/transmis/);
    const capped = texts(await repeater.say('Pourquoi la piscine Hébert est fermée ?'));
    expect(capped).toMatch(/déjà envoyé 3 questions .* n'est pas transmise/);
    expect(capped).not.toMatch(/transmis votre question/);

    // Two different people asking the same thing come first.
    for (const id of ['ana', 'bob']) await (await member(id)).say('Comment obtenir une place en crèche ?');
    const flooder = await member('flooder');
    for (const q of [
      'Quel jour passe le marché ?',
      "Qui contacter pour une fuite d'eau ?",
      'Peut-on installer des panneaux solaires sur le toit ?',
    ])
      expect(texts(await flooder.say(q))).toMatch(/transmis/);
    expect(texts(await flooder.say('Comment adopter un chat au refuge ?'))).toMatch(/n'est pas transmise/);
    const later = "Moi, Jeanne Dupont, au 3e étage : qui répare l'ascenseur ?";
    expect(texts(await real.say(later))).toMatch(/transmis/);

    const mgr = app.person('mgr');
    const first = texts(await mgr.say('/questions'));
    const lines = first.split('\n').filter((l) => l.startsWith('•'));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/crèche.*posée par 2 personnes/);
    expect(lines[1]).toMatch(/Jeanne Dupont.*posée par 1 personne/);
    expect(lines[2]).toMatch(/piscine Hébert.*posée par 1 personne/);
    expect(first).toMatch(/page 1 sur 2/);
    const second = texts(await mgr.press(/Suivantes/));
    expect(second).toMatch(/page 2 sur 2/);
    expect(second.split('\n').filter((l) => l.startsWith('•'))).toEqual([
      expect.stringMatching(/panneaux solaires/),
      expect.stringMatching(/ascenseur/),
    ]);
    expect(`${first}\n${second}`).not.toMatch(/adopter un chat/);

    // The eco-manager answers her first question; the second stays open.
    await mgr.say('/questions');
    expect(texts(await mgr.press(/Répondre : Je suis Jeanne Dupont/))).toMatch(/Votre réponse/);
    expect(texts(await mgr.say('Les encombrants : sur rendez-vous au 3975, le mardi.'))).toMatch(/enregistrée/);

    // /mesdonnees lists the questions kept; /quitter erases them, from the inbox and from the database.
    const mine = texts(await real.say('/mesdonnees'));
    expect(mine).toMatch(
      /Vos questions que je garde \(2\) :\n• « Moi, Jeanne Dupont.* — transmise à l'éco-gestionnaire/,
    );
    expect(mine).toMatch(/\n• « Je suis Jeanne Dupont.* — répondue par l'éco-gestionnaire/);
    await mgr.say('/questions');
    expect(texts(await mgr.press(/Suivantes/))).toMatch(/Moi, Jeanne Dupont/);
    await real.say('/quitter');
    expect(texts(await real.press(/tout effacer/))).toMatch(/effacées/);
    const after = await inboxOf('mgr');
    expect(after).toMatch(/crèche/);
    expect(after).not.toMatch(/page 1 sur/); // what is left fits one page: all of it is here
    expect(after).not.toMatch(/Dupont|ascenseur/);
    const left = await app.ctx.db.selectFrom('faq_questions').select('text').execute();
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((r) => /Dupont|Couronnes|06 12/.test(r.text))).toEqual([]);
    // Nor is her question kept as the words the eco-manager's answer is filed under.
    const curated = await app.ctx.db.selectFrom('faq_curated').select('question').execute();
    expect(curated.filter((r) => /Dupont/.test(r.question))).toEqual([]);
  });

  it('asks someone in no quartier which one before any eco-manager sees the question', async () => {
    const stranger = app.person('stranger');
    const asked = await stranger.say('Qui ramasse les feuilles mortes ?');
    expect(texts(asked)).toMatch(/de quel quartier êtes-vous/);
    expect(texts(asked)).not.toMatch(/transmis/);
    expect(await inboxOf('rosa')).not.toMatch(/feuilles mortes/);
    expect(await inboxOf('mgr')).not.toMatch(/feuilles mortes/);
    expect(texts(await stranger.press(/Rosa Parks/))).toMatch(
      /transmis votre question à l'éco-gestionnaire de Rosa Parks/,
    );
    expect(await inboxOf('rosa')).toMatch(/feuilles mortes/);
    expect(await inboxOf('mgr')).not.toMatch(/feuilles mortes/);

    expect(texts(await stranger.say('Où trouver un composteur ?'))).toMatch(/de quel quartier/);
    expect(texts(await stranger.press(/Aucun de ces quartiers/))).toMatch(/je ne la transmets à personne/);
    expect(await inboxOf('rosa')).not.toMatch(/composteur/);
  });
});
