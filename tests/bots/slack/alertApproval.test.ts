import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithBothChannels } from '../../support/bothChannels.js';
import { eventually } from '../../support/env.js';
import { seedNetwork } from '../../support/network.js';
import { SlackUser } from '../../support/slackStandIn.js';
import { alertToWholeNetwork } from '../../support/telegramStandIn.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';

const TOKEN = '557:APPROVAL-token';

/** ALERT_APPROVAL=second across the two apps: prepared on Telegram, approved on Slack (issue 15, item 2). */
describe('an alert prepared on Telegram is approved by an eco-manager on Slack', () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  let db: Db;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN, {
      ALERT_APPROVAL: 'second',
      ECO_MANAGERS: 'telegram:3001:ilot-13,slack:UAPPROVER:ilot-13',
    });
    db = await openDatabase(both.space.config.database);
  });
  afterAll(async () => {
    await db?.destroy();
    await both?.close();
  });

  it('the Slack eco-manager gets the preview with buttons, approves, and the alert goes out', async () => {
    const [resident] = await seedNetwork(db, 1, { firstChatId: 7700, quartiers: ['ilot-13'], roles: ['volunteer'] });
    const author = both.telegram.user(TOKEN, 3001);
    await author.send('/alerte');
    await alertToWholeNetwork(author, /orange/);
    await author.press(/Envoyer/);
    await author.expect(/part dès qu'un·e autre éco-gestionnaire/);

    const approver = new SlackUser(both.slack, both.requests, 'UAPPROVER');
    const request = await approver.expect(/attend votre accord[\s\S]*Vigilance orange canicule/);
    expect(request.buttons.map((b) => b.text)).toEqual(['Approuver et envoyer', 'Refuser']);
    const toResident = () =>
      both.telegram.server.storage.botMessages.filter((m) => String(m.message.chat_id) === resident!.chatId);
    expect(toResident()).toHaveLength(0);

    await approver.press(/Approuver/);
    await approver.expect(/Approuvée : l'envoi commence/);
    await eventually(() => toResident().length === 1, 20_000, 'the alert delivered');
    await author.expect(/approuvée par un·e autre éco-gestionnaire/);
  });
});
