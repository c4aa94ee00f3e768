import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startWithBothChannels } from '../../support/bothChannels.js';
import { REDIS_URL } from '../../support/env.js';
import { dmOf, SlackUser } from '../../support/slackStandIn.js';
import { alertToWholeNetwork } from '../../support/telegramStandIn.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';
import { AlertJobs } from '../../../src/features/heat-alerts/queue.js';

const TOKEN = '558:VISITS-token';

/**
 * Issue 15, item 3: volunteers record what they found; the other volunteer reads it before going; the eco-manager
 * is told when it went wrong and sees the last contact in /suivi; the log goes with the person.
 */
describe('the visit log of an alert, over Telegram and Slack', () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  let db: Db;
  let redis: Redis;
  let alertJobs: AlertJobs;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN, {
      ECO_MANAGERS: 'telegram:3001:ilot-13',
      CHECKIN_GRACE_MINUTES: '0.02', // 1.2 s from the check-in to the reminder, then to the volunteers
    });
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

  async function person(id: string, channel: 'telegram' | 'slack', userId: string, role: string, address: string) {
    const at = new Date().toISOString();
    const chatId = channel === 'slack' ? dmOf(userId) : userId;
    await db
      .insertInto('people')
      .values({ id, channel, channel_user_id: userId, chat_id: chatId, language: 'fr', created_at: at })
      .execute();
    await db
      .insertInto('network_members')
      .values({
        person_id: id,
        quartier: 'ilot-13',
        role,
        address,
        phone: role === 'supported' ? '+33612345678' : null,
        availability: role === 'volunteer' ? 'anytime' : null,
        needs: role === 'supported' ? 'none' : null,
        consent_version: 'test',
        consent_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  it('one volunteer reports, the other reads it first, the eco-manager follows, and it is erased with the person', async () => {
    await person('p-supported', 'telegram', '7801', 'supported', '12 rue des Lilas');
    await person('p-volunteer-tg', 'telegram', '7802', 'volunteer', '14 rue des Lilas');
    await person('p-volunteer-slack', 'slack', 'UVOLUNTEER', 'volunteer', '3 rue des Roses');
    const at = new Date().toISOString();
    await db
      .insertInto('matches')
      .values(
        ['p-volunteer-tg', 'p-volunteer-slack'].map((v) => ({
          supported_id: 'p-supported',
          volunteer_id: v,
          reason: 'building',
          created_at: at,
        })),
      )
      .execute();

    const manager = both.telegram.user(TOKEN, 3001);
    await manager.send('/alerte');
    await alertToWholeNetwork(manager, /orange/);
    await manager.press(/Envoyer/);
    await manager.expect(/C'est parti/);
    const alert = await db.selectFrom('alerts').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    await alertJobs.checkinRound(alert.id); // what the daily check-in scheduler does

    // The person stays silent: reminder, then both volunteers are asked to go.
    const onTelegram = both.telegram.user(TOKEN, 7802);
    const onSlack = new SlackUser(both.slack, both.requests, 'UVOLUNTEER');
    await onTelegram.expect(/ne répond pas[\s\S]*12 rue des Lilas/, 20_000);

    await onSlack.expect(/ne répond pas[\s\S]*12 rue des Lilas/, 20_000);

    await onTelegram.press(/Je m'en occupe/);
    const outcomes = await onTelegram.expect(/sait que vous y allez/);
    expect(outcomes.buttons.map((b) => b.text)).toEqual([
      'Vu·e, tout va bien',
      "Besoin d'aide (précisez)",
      'Pas de réponse',
      'Urgence appelée (15/112)',
    ]);
    await onTelegram.press(/Besoin d'aide/);
    await onTelegram.expect(/Quelle aide faut-il/);

    await onTelegram.send('x'); // too short: asked again, nothing recorded
    await onTelegram.expect(/Quelle aide faut-il/);
    await onTelegram.send("Plus d'eau et des courses");
    await onTelegram.expect(/L'éco-gestionnaire est prévenu·e/);
    const report = await manager.expect(/Passage d'un·e bénévole/);
    expect(report.text).toMatch(/12 rue des Lilas[\s\S]*06 12 34 56 78[\s\S]*14 rue des Lilas — Besoin d'aide/);
    expect(report.text).toMatch(/Plus d'eau et des courses/);

    // The second volunteer arrives: someone went, here is what they found.
    await onSlack.press(/Je m'en occupe/);
    const second = await onSlack.expect(/quelqu'un s'en occupe déjà/);
    expect(second.text).toMatch(/Dernier passage : .*, par un·e autre bénévole — Besoin d'aide \(précisez\)/);

    await manager.send('/suivi');
    const followUp = await manager.expect(/Tout va bien \? » envoyés : 1/);
    expect(followUp.text).toMatch(
      /12 rue des Lilas — ne répond pas — un·e bénévole y va\n\s+Dernier passage : .*14 rue/,
    );

    // The Slack volunteer saw her and all is well: her check-in counts as answered.
    await onSlack.press(/Vu·e, tout va bien/);
    await onSlack.expect(/votre voisin·e va bien/);
    await manager.send('/suivi');
    await manager.expect(/Oui, ça va : 1\nBesoin d'aide : 0\nSans réponse : 0/);
    expect(await db.selectFrom('visit_log').select('outcome').orderBy('recorded_at').execute()).toEqual([
      { outcome: 'help' },
      { outcome: 'ok' },
    ]);

    // Someone who is not her volunteer cannot write in her log, even with a forged button.
    const checkin = await db.selectFrom('checkins').select('id').executeTakeFirstOrThrow();
    const stranger = both.telegram.user(TOKEN, 7899);
    await stranger.pressData(`visit:${checkin.id}:noanswer`);
    await stranger.expect(/Je n'ai pas compris/);
    expect(await db.selectFrom('visit_log').select('id').execute()).toHaveLength(2);

    // The Telegram volunteer leaves: the entry stays, anonymous. The person leaves: her log goes with her.
    await onTelegram.send('/quitter');
    await onTelegram.expect(/vraiment quitter/);
    await onTelegram.press(/Oui, tout effacer/);
    await onTelegram.expect(/vous avez quitté le réseau/);
    const visits = await db
      .selectFrom('visit_log')
      .select(['outcome', 'volunteer_id'])
      .orderBy('recorded_at')
      .execute();
    expect(visits).toEqual([
      { outcome: 'help', volunteer_id: null },
      { outcome: 'ok', volunteer_id: 'p-volunteer-slack' },
    ]);
    const supported = both.telegram.user(TOKEN, 7801);
    await supported.send('/quitter');
    await supported.expect(/vraiment quitter/);
    await supported.press(/Oui, tout effacer/);
    await supported.expect(/vous avez quitté le réseau/);
    expect(await db.selectFrom('visit_log').selectAll().execute()).toEqual([]);
  });
});
