import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, texts } from '../support/context.js';
import { DB_KINDS } from '../support/env.js';
import { countPersonalRows } from '../support/network.js';

const countRows = (app: Awaited<ReturnType<typeof createTestApp>>) => countPersonalRows(app.ctx.db);

describe.each(DB_KINDS)('conversation on %s', (kind) => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    app = await createTestApp(kind, { RATE_LIMIT_PER_MINUTE: '20' });
  });
  afterEach(async () => {
    await app.close();
  });

  it('/aide lists what every feature offers, in order', async () => {
    const help = texts(await app.person('helped').say('/aide'));
    expect(help).toBe(
      [
        'Voici ce que je sais faire :',
        '/start — rejoindre le réseau de soutien canicule',
        'Une question ? Écrivez-la simplement (réponse tirée des documents du quartier)',
        '/mesdonnees — voir ce que je garde sur vous',
        '/modifier — changer vos informations',
        '/quitter — quitter le réseau et tout effacer',
        '/annuler — arrêter la question en cours',
        '/retour — revenir à la question précédente',
        '/langue — English',
        '/lier — relier vos comptes Telegram et Slack',
        '/agenda — les prochains rendez-vous rénovation',
        '/conseils — un conseil de sobriété énergétique par semaine (entreprises)',
        '/stop — arrêter ce qui est en cours, ou les conseils',
        '/frais — les lieux frais ouverts maintenant près de chez vous',
      ].join('\n'),
    );
  });

  it('a person supported joins, sees their data, and erases themselves for good', async () => {
    const p = app.person('marie');
    await p.say('/start');
    await p.press(/Bas-Belleville/);
    await p.press(/appelé·e/);
    await p.say('12 bd de belleville');
    await p.say('B'); // building
    await p.press(/Passer/); // floor
    await p.press(/Passer/); // door
    await p.press(/par téléphone/);
    await p.say('+33 6 12 34 56 78');
    await p.press(/seul·e/);
    await p.say('Marie');
    await p.press(/Oui/);
    const done = await p.press(/Confirmer/);
    expect(texts(done)).toMatch(/enregistré/);

    const data = texts(await p.say('/mesdonnees'));
    expect(data).toMatch(/Bas-Belleville/);
    expect(data).toMatch(/Nom : Marie/);
    expect(data).toMatch(/12 boulevard de Belleville, bâtiment\/escalier B/);
    expect(data).toMatch(/06 12 34 56 78/);
    expect(data).toMatch(/Je vis seul·e/);
    expect(await countRows(app)).toEqual({ people: 1, flows: 0, members: 1 });
    const joined = await app.ctx.audit.list('network.join');
    expect(joined).toHaveLength(1);
    expect(JSON.stringify(joined)).not.toMatch(/Belleville|\+33/); // no personal data in the audit log

    expect(texts(await p.say('/quitter'))).toMatch(/vraiment quitter/);
    expect(texts(await p.press(/Non, je reste/))).toMatch(/restez/);
    expect(await countRows(app)).toEqual({ people: 1, flows: 0, members: 1 });
    await p.say('/quitter');
    expect(texts(await p.press(/tout effacer/))).toMatch(/effacées/);
    expect(await countRows(app)).toEqual({ people: 0, flows: 0, members: 0 });
    expect(texts(await p.say('/mesdonnees'))).toMatch(/aucune donnée/);
  });

  it('refusing consent stores nothing at all', async () => {
    const p = app.person('jean');
    await p.say('/start');
    await p.press(/Ilot 13/);
    await p.press(/voisin·e/);
    await p.say("3 place Jeanne d'Arc");
    await p.press(/cette conversation/);
    await p.press(/soir/);
    await p.press(/Valider/);
    await p.press(/Passer/);
    expect(texts(await p.press(/^Non$/))).toMatch(/je n'enregistre rien/);
    expect(await countRows(app)).toEqual({ people: 0, flows: 0, members: 0 });
  });

  it('a deep link (QR code) pre-selects the quartier and skips that question', async () => {
    const p = app.person('qr');
    const replies = await p.say('/start bas-belleville');
    expect(texts(replies)).toMatch(/participer au réseau/);
    expect(texts(replies)).not.toMatch(/Dans quel quartier/);
    expect(texts(await p.say('/retour'))).toMatch(/première question/);
  });

  it('/modifier re-runs the flow pre-filled and updates the membership', async () => {
    const p = app.person('luc');
    await p.say('/start rosa-parks');
    await p.press(/relais d'immeuble/);
    await p.say('20 rue Émile Bollaert');
    await p.press(/cette conversation/);
    await p.press(/Passer/); // the name
    await p.press(/Oui/);
    await p.press(/Confirmer/);
    const first = await p.say('/modifier');
    expect(first[0]?.options?.some((o) => o.label === 'Garder : Rosa Parks')).toBe(true);
    await p.press(/Garder/);
    await p.press(/Garder/);
    await p.say('22 rue Émile Bollaert');
    await p.press(/Garder/);
    await p.press(/Garder/); // the name
    await p.press(/Oui/); // consent is asked afresh for the changed data
    await p.press(/Confirmer/);
    const m = await app.ctx.network.get((await app.ctx.people.find('terminal', 'luc'))!.id);
    expect(m?.address).toBe('22 rue Émile Bollaert');
    expect(m?.role).toBe('relay_building');
    expect(await app.ctx.audit.list('network.update')).toHaveLength(1);
  });

  it('speaks English to an English-speaking person, and /langue switches', async () => {
    const p = app.person('ann', 'telegram', 'en-GB');
    const replies = await p.say('/start');
    expect(texts(replies)).toMatch(/Which neighbourhood/);
    expect(texts(await p.say('/language'))).toMatch(/je vous parle en français/);
  });

  it('answers media, group and oversized messages politely without storing anything', async () => {
    const p = app.person('media');
    expect(texts(await p.send({ kind: 'unsupported', unsupported: 'media' }))).toMatch(/messages écrits/);
    expect(texts(await p.send({ kind: 'unsupported', unsupported: 'group' }))).toMatch(/conversation privée/);
    expect(texts(await p.send({ kind: 'unsupported', unsupported: 'too_long' }))).toMatch(/trop long/);
    expect(await countRows(app)).toEqual({ people: 0, flows: 0, members: 0 });
  });

  it('limits a flood of messages: one kind warning, then silence, others unaffected', async () => {
    const p = app.person('flood');
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await p.say('/aide'));
    expect(answers.slice(0, 20).every((r) => r.length > 0)).toBe(true);
    expect(texts(answers[20]!)).toMatch(/très vite/);
    expect(answers.slice(21).every((r) => r.length === 0)).toBe(true);
    expect(texts(await app.person('calm').say('/aide'))).toMatch(/Voici ce que je sais faire/);
  });

  it("answers questions from the person's quartier documents, and says so when it does not know", async () => {
    await app.ctx.knowledge.ingest(['knowledge']);
    const p = app.person('curious');
    const dtg = texts(await p.say("/question c'est quoi un DTG ?"));
    expect(dtg).toMatch(/diagnostic technique global/i);
    expect(dtg).toMatch(/(Source : |» — )Petit lexique/);
    // The shipped documents say how to join, in the words a resident types.
    expect(texts(await p.say("comment je m'inscris au réseau canicule ?"))).toMatch(/tapez \/start/);
    const unknown = texts(await p.say('Combien gagne un éco-gestionnaire, son salaire ?'));
    expect(unknown).toMatch(/préfère ne pas inventer|je ne suis pas sûr/);
    expect(unknown).toMatch(/eco-gestionnaire\.ilot13@example\.org/); // no quartier yet: every contact
    // A member of Rosa Parks gets Rosa Parks documents and only that contact.
    await p.say('/start rosa-parks');
    await p.press(/volontaire/);
    await p.say('1 rue Émile Bollaert');
    await p.press(/cette conversation/);
    await p.press(/soir/);
    await p.press(/Valider/);
    await p.press(/Passer/);
    await p.press(/Oui/);
    await p.press(/Confirmer/);
    expect(texts(await p.say('gardiennage de vélos avec le bâtiment Cargo ?'))).toMatch(/Rosa Parks/);
    const rosa = texts(await p.say('Comment je refais mon passeport ?'));
    expect(rosa).toMatch(/eco-gestionnaire\.rosaparks@example\.org/);
    expect(rosa).not.toMatch(/ilot13/);
  });

  it('answers a question typed where buttons are expected, then asks the same step again', async () => {
    await app.ctx.knowledge.ingest(['knowledge']);
    const p = app.person('midflow');
    await p.say('/start');
    await p.press(/Ilot 13/);
    const replies = texts(await p.say("c'est quoi un relais d'immeuble ?"));
    expect(replies).toMatch(/Relais d'immeuble ou d'école : il ou elle transmet les alertes/);
    expect(replies).toMatch(/Comment souhaitez-vous participer/);
    expect(replies).not.toMatch(/pas compris/);
    // A wrong answer that is no question still gets the hint; the flow goes on from the same step.
    expect(texts(await p.say('bof'))).toMatch(/pas compris/);
    expect(texts(await p.press(/voisin·e volontaire/))).toMatch(/adresse/i);
    // Same at a typed step: the question is not taken for an address.
    const why = texts(await p.say('pourquoi vous voulez mon adresse ?'));
    expect(why).toMatch(/Vos données|seulement votre quartier/);
    expect(why).toMatch(/adresse de votre immeuble/);
    expect(why).not.toMatch(/ne ressemble pas à une adresse/);
    expect(texts(await p.say('3 rue Nationale'))).toMatch(/joindre/);
  });

  it('two people at once do not mix their answers', async () => {
    const a = app.person('a');
    const b = app.person('b');
    await Promise.all([a.say('/start'), b.say('/start')]);
    await Promise.all([a.press(/Ilot 13/), b.press(/Rosa Parks/)]);
    await Promise.all([a.press(/voisin·e/), b.press(/appelé·e/)]);
    await Promise.all([a.say('1 rue Nationale'), b.say('2 rue Émile Bollaert')]);
    const [ra, rb] = await Promise.all([a.press(/cette conversation/), b.press(/Passer/)]);
    expect(texts(ra)).toMatch(/disponible/);
    expect(texts(rb)).toMatch(/étage/);
  });
});
