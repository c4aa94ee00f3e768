import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startWithBothChannels } from '../../support/bothChannels.js';
import { DB_KINDS, REDIS_URL } from '../../support/env.js';
import { SlackUser } from '../../support/slackStandIn.js';
import { alertToWholeNetwork, type TelegramUser } from '../../support/telegramStandIn.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';
import { AlertJobs } from '../../../src/features/heat-alerts/queue.js';

const TOKEN = '561:NEIGHBOURS-token';
const DATA_KEY = 'a1'.repeat(32);
/** SHOW_MESSAGES=1 prints what each person sees (the escalation, /binomes), for the closing note of issue 23. */
const show = (who: string, text: string) => process.env.SHOW_MESSAGES && console.log(`--- ${who}:\n${text}\n`);

/**
 * Issue 23: a volunteer knows whom to ring and where (name, building, floor, door, entry code, phone — only in an
 * escalation), addresses typed two ways are one building, and nobody is left without a volunteer unnoticed.
 */
describe.each(DB_KINDS)('a network people can act on, over Telegram and Slack (%s)', (kind) => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  let db: Db;
  let redis: Redis;
  let alertJobs: AlertJobs;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN, { ECO_MANAGERS: 'telegram:3001:rosa-parks', DATA_KEY }, kind);
    db = await openDatabase(both.space.config.database);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    alertJobs = new AlertJobs(redis, both.space.prefix);
  });
  afterAll(async () => {
    await alertJobs?.close();
    redis?.disconnect();
    await db?.destroy();
    await both?.close();
  });

  /** A person supported's signup in Rosa Parks, from the role to the confirmation. */
  async function joinAsSupported(user: TelegramUser, address: string, details: string[], name: string) {
    await user.send('/start rosa-parks');
    await user.expect(/participer/);
    await user.press(/appelé·e ou accompagné·e/);
    await user.expect(/adresse/i);
    await user.send(address);
    return async () => {
      for (const [question, answer] of [
        [/Bâtiment ou escalier/, details[0]],
        [/étage/, details[1]],
        [/Quelle porte/, details[2]],
        [/code d'entrée/, details[3]],
      ] as const) {
        await user.expect(question);
        if (answer) await user.send(answer);
        else await user.press(/Passer/);
      }
      await user.expect(/joindre/);
      if (details[4]) {
        await user.press(/Ici et par téléphone/);
        await user.expect(/numéro/);
        await user.send(details[4]);
      } else await user.press(/cette conversation/);
      await user.expect(/seul|déplace/);
      await user.press(/Je vis seul·e/);
      await user.expect(/qu'on vous appelle/);
      if (name) await user.send(name);
      else await user.press(/Passer/);
      await user.expect(/j'ai besoin de votre accord/);
      await user.press(/Oui, je suis d'accord/);
      const summary = await user.expect(/Vérifions ensemble/);
      await user.press(/Confirmer/);
      await user.expect(/c'est enregistré/);
      return summary;
    };
  }

  it('an escalation carries name, building, floor, door, entry code and phone; nothing of it before; holes are reported', async () => {
    // "45 r aubervilliers" is recognised at once as 45 rue d'Aubervilliers.
    const jeanne = both.telegram.user(TOKEN, 7301);
    const jeanneRest = await joinAsSupported(
      jeanne,
      '45 r aubervilliers',
      ['B', '3', 'gauche', '1234A', '0612345678'],
      'Jeanne',
    );
    const summary = await jeanneRest();
    expect(summary.text).toMatch(/Nom : Jeanne/);
    expect(summary.text).toMatch(/Adresse : 45 rue d'Aubervilliers, bâtiment\/escalier B, étage 3, porte gauche/);
    expect(summary.text).toMatch(/Code d'entrée ou interphone : 1234A/);

    // A volunteer on Slack writes it another way, and gives two availabilities in one sentence.
    const paul = new SlackUser(both.slack, both.requests, 'UPAUL');
    await paul.command('start');
    await paul.expect(/Dans quel quartier/);
    await paul.press(/Rosa Parks/);
    await paul.expect(/participer/);
    await paul.press(/voisin·e volontaire/);
    await paul.expect(/adresse/i);
    await paul.send("45, rue d'Aubervilliers");
    await paul.expect(/joindre/);
    await paul.press(/cette conversation/);
    await paul.expect(/disponible/);
    await paul.send('le soir et le week-end');
    await paul.expect(/qu'on vous appelle/);
    await paul.send('Paul');
    await paul.expect(/votre accord/);
    await paul.press(/Oui/);
    expect((await paul.expect(/Vérifions/)).text).toMatch(/Disponibilité : Le soir, Le week-end/);
    await paul.press(/Confirmer/);
    await paul.expect(/enregistré/);

    // A misspelt street gets "Vouliez-vous dire" with buttons.
    const marcel = both.telegram.user(TOKEN, 7302);
    const marcelRest = await joinAsSupported(marcel, "47 rue d'Auberviliers", [], '');
    const didYouMean = await marcel.expect(/Vouliez-vous dire : rue d'Aubervilliers \?/);
    expect(didYouMean.buttons.map((b) => b.text)).toContain("Non, garder « 47 rue d'Auberviliers »");
    await marcel.press(/^47 rue d'Aubervilliers$/);
    await marcelRest();

    const members = await db.selectFrom('network_members').selectAll().execute();
    const row = (name: string | null) => members.find((m) => m.display_name === name)!;
    expect([row('Jeanne').address, row('Paul').address, row(null).address]).toEqual([
      "45 rue d'Aubervilliers",
      "45 rue d'Aubervilliers",
      "47 rue d'Aubervilliers",
    ]);
    expect(row('Jeanne').postcode).toBe('75019');
    expect(row('Jeanne').entry_code).toMatch(/^v1:/); // sealed with DATA_KEY, never in clear
    expect(JSON.stringify(members)).not.toMatch(/1234A/);
    const pair = await db
      .selectFrom('matches')
      .selectAll()
      .where('supported_id', '=', row('Jeanne').person_id)
      .execute();
    expect(pair.map((p) => p.reason)).toEqual(['building']);

    // /binomes: the eco-manager sees names; the volunteer sees the name alone. No entry code anywhere.
    const manager = both.telegram.user(TOKEN, 3001);
    await manager.send('/binomes');
    const pairs = await manager.expect(/Binômes/);
    show('/binomes, eco-manager', pairs.text);
    expect(pairs.text).toMatch(/Jeanne, 45 rue d'Aubervilliers ↔ Paul, 45 rue d'Aubervilliers \(même immeuble\)/);
    await paul.command('binomes');
    const mine = await paul.expect(/Les voisin·es sur qui vous veillez/);
    show('/binomes, volunteer', mine.text);
    expect(mine.text).toMatch(/• Jeanne \(même immeuble\)/);
    expect(mine.text).not.toMatch(/Aubervilliers|étage 3|06 12/);
    expect(pairs.text + mine.text).not.toMatch(/1234A/);
    const paulSaw = () =>
      both.slack
        .messagesOf('UPAUL')
        .map((m) => m.text)
        .join('\n');
    expect(paulSaw()).not.toMatch(/étage 3|1234A|06 12 34 56 78/); // nothing before an escalation

    // An alert; Jeanne asks for help: Paul learns whom to ring and where.
    await manager.send('/alerte');
    await alertToWholeNetwork(manager, /orange/);
    await manager.press(/Envoyer/);
    await manager.expect(/C'est parti/);
    const alert = await db.selectFrom('alerts').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    await alertJobs.checkinRound(alert.id);
    await jeanne.expect(/Tout va bien/, 20_000);
    await jeanne.press(/J'ai besoin d'aide/);
    const call = await paul.expect(/a demandé de l'aide/, 20_000);
    show('escalation, volunteer', call.text);
    expect(call.text).toContain(
      [
        "Adresse : 45 rue d'Aubervilliers, bâtiment/escalier B, étage 3, porte gauche",
        'Téléphone : 06 12 34 56 78',
        'Nom : Jeanne',
        "Code d'entrée ou interphone : 1234A",
      ].join('\n'),
    );

    // The eco-manager's follow-up names her too.
    await manager.send('/suivi');
    expect((await manager.expect(/Tout va bien/)).text).toMatch(
      /⚠ Jeanne, 45 rue d'Aubervilliers — a demandé de l'aide/,
    );

    // Paul leaves: Jeanne and Marcel have no volunteer left; the eco-manager is told within a minute.
    await paul.command('quitter');
    await paul.expect(/quitter le réseau canicule/);
    await paul.press(/Oui, tout effacer/);
    await paul.expect(/toutes vos informations sont effacées/);
    // One message per person left uncovered, in whichever order they come.
    const holes = [];
    for (let i = 0; i < 2; i++) holes.push((await manager.expect(/Plus aucun·e voisin·e volontaire/, 60_000)).text);
    const hole = holes.find((h) => /pour Jeanne, 45 rue d'Aubervilliers \(Rosa Parks\)/.test(h));
    expect(hole).toBeDefined();
    expect(hole).not.toMatch(/pour choisir/); // nobody to choose yet: no /binomes to press in vain
    show('coverage hole, eco-manager', hole!);
    expect(holes.some((h) => /pour 47 rue d'Aubervilliers \(Rosa Parks\)/.test(h))).toBe(true);
    await manager.send('/binomes');
    const uncovered = await manager.expect(/Binômes/);
    show('/binomes after Paul left, eco-manager', uncovered.text);
    expect(uncovered.text).toMatch(/⚠ Jeanne, 45 rue d'Aubervilliers ↔ aucun·e bénévole/);
    expect(uncovered.buttons.filter((b) => /Changer/.test(b.text))).toEqual([]); // nobody to choose
    expect(both.product.stderr).toMatch(/addresses normalised/); // the migration's count
    expect(both.product.stderr).not.toMatch(/1234A|Jeanne|gauche|Aubervilliers/); // logs: ids, never details
  }, 180_000);
});
