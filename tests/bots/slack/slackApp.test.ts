import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from '../../../src/bots/slack/blocks.js';
import { eventually } from '../../support/env.js';
import { SlackUser, dmOf, slackSignature } from '../../support/slackStandIn.js';
import { SLACK_SIGNING_SECRET, startWithBothChannels } from '../../support/bothChannels.js';
import { seedNetwork } from '../../support/network.js';
import { openDatabase, type Db } from '../../../src/storage/database.js';
import ICAL from 'ical.js';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVAL_CORPUS } from '../../support/corpus.js';

const TOKEN = '556:SLACK-token';

describe('the Slack app, end to end over signed HTTP requests', () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  let telegram: typeof both.telegram;
  let slack: typeof both.slack;
  let requests: typeof both.requests;
  let db: Db;
  let knowledgeDir: string;

  beforeAll(async () => {
    knowledgeDir = mkdtempSync(join(tmpdir(), 'relais-slack-knowledge-'));
    both = await startWithBothChannels(TOKEN, { ECO_MANAGERS: 'slack:UMGR:rosa-parks', KNOWLEDGE_DIR: knowledgeDir });
    ({ telegram, slack, requests } = both);
    db = await openDatabase(both.space.config.database);
  });
  afterAll(async () => {
    await db?.destroy();
    await both?.close();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  it('refuses forged and replayed requests with 401, and handles nothing from them', async () => {
    const event = { type: 'message', channel_type: 'im', channel: dmOf('UFORGE'), user: 'UFORGE', text: 'bonjour' };
    const forged = await requests.event(event, { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', event });
    const stale = await requests.post(body, 'application/json', {
      timestamp: old,
      signature: slackSignature(SLACK_SIGNING_SECRET, old, body),
    });
    expect(stale.status).toBe(401);
    // A genuine request sent after them is answered; by then a forged one would have been too.
    await new SlackUser(slack, requests, 'UGENUINE').send('aide');
    await eventually(() => slack.messagesOf('UGENUINE').length > 0, 10_000, 'the genuine answer');
    expect(slack.messagesOf('UFORGE')).toHaveLength(0);
    const people = await db.selectFrom('people').select('id').where('channel_user_id', '=', 'UFORGE').execute();
    expect(people).toHaveLength(0);
  });

  it('refuses a request dated 6 minutes in the future; the same signed button press sent 3 times is handled once', async () => {
    const event = { type: 'message', channel_type: 'im', channel: dmOf('UFUTURE'), user: 'UFUTURE', text: 'bonjour' };
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'EvFuture', event });
    const future = await requests.post(body, 'application/json', {
      timestamp: ahead,
      signature: slackSignature(SLACK_SIGNING_SECRET, ahead, body),
    });
    expect(future.status).toBe(401);

    const user = new SlackUser(slack, requests, 'UTRIPLE');
    await user.command('start');
    const question = await user.expect(/Dans quel quartier/);
    const button = question.buttons.find((b) => /Rosa Parks/.test(b.text))!;
    const press = {
      type: 'block_actions',
      user: { id: 'UTRIPLE', username: 'u', team_id: 'T1' },
      trigger_id: 'trigger-triple',
      container: { type: 'message', message_ts: question.ts, channel_id: question.channel, is_ephemeral: false },
      channel: { id: question.channel, name: 'directmessage' },
      message: { type: 'message', ts: question.ts, text: question.text },
      response_url: 'http://127.0.0.1:9/response',
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: 'b',
          text: { type: 'plain_text', text: button.text },
          value: button.value,
          action_ts: '1790000000.000100',
        },
      ],
    };
    for (let i = 0; i < 3; i++) expect((await requests.interaction(press)).status).toBe(200);
    await user.expect(/participer/);
    await user.command('aide'); // handled after the three presses: any second answer would be here by now
    await user.expect(/Voici ce que je sais faire/);
    await user.expect(/participer/); // /aide shows the step in progress again
    // One question from the press, one from /aide: the two repeated presses did nothing.
    expect(slack.messagesOf('UTRIPLE').filter((m) => /participer/.test(m.text))).toHaveLength(2);
  });

  it('App Home shows the status with buttons; a clicked answer is updated so it cannot be answered twice', async () => {
    const user = new SlackUser(slack, requests, 'UHOME');
    expect((await user.openHome()).status).toBe(200);
    const home = await eventually(() => slack.views.find((v) => v.method === 'views.publish' && v.user === 'UHOME'));
    expect(JSON.stringify(home.view)).toMatch(/pas inscrit·e au réseau/);
    // Looking stores nothing.
    expect(await db.selectFrom('people').select('id').where('channel_user_id', '=', 'UHOME').execute()).toHaveLength(0);
    const join = (
      home.view.blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => /Rejoindre/.test(e.text.text))!;
    await requests.interaction({
      type: 'block_actions',
      user: { id: 'UHOME', username: 'uhome', team_id: 'T1' },
      trigger_id: 't1',
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home', blocks: [] },
      actions: [
        {
          type: 'button',
          action_id: join.action_id,
          block_id: 'b',
          text: join.text,
          value: join.value,
          action_ts: '1',
        },
      ],
    });
    const question = await user.expect(/Dans quel quartier/);
    await user.press(/Rosa Parks/);
    await user.expect(/participer/);
    const answered = slack.messagesOf('UHOME').find((m) => m.ts === question.ts)!;
    expect(answered.text).toMatch(/→ Rosa Parks/);
    expect(answered.buttons).toHaveLength(0);
  });

  it('an eco-manager composes an alert in a modal; Slack and Telegram members get it once each, through 429s', async () => {
    const onSlack = await seedNetwork(db, 4, {
      channel: 'slack',
      firstChatId: 5001,
      quartiers: ['rosa-parks'],
      roles: ['supported', 'volunteer'],
    });
    const onTelegram = await seedNetwork(db, 3, {
      channel: 'telegram',
      firstChatId: 6001,
      quartiers: ['rosa-parks'],
      roles: ['supported'],
    });
    await seedNetwork(db, 2, { channel: 'slack', firstChatId: 5901, quartiers: ['ilot-13'], roles: ['supported'] });
    const gone = onSlack[3]!.chatId;
    slack.remove(gone);

    const manager = new SlackUser(slack, requests, 'UMGR');
    await manager.command('alerte');
    const opened = await eventually(() => slack.views.find((v) => v.method === 'views.open'));
    const blocks = opened.view.blocks as {
      block_id: string;
      element: { initial_value?: string; options?: { value: string }[] };
    }[];
    expect(blocks.map((b) => b.block_id)).toEqual([
      'quartiers',
      'audience',
      'level',
      'textChoice',
      'customText',
      'start',
      'end',
    ]);
    expect(blocks[0]!.element.options!.map((o) => o.value)).toEqual(['rosa-parks']);

    const submit = (callbackId: string, values: Record<string, string>, privateMetadata = '') =>
      requests.interaction({
        type: 'view_submission',
        user: { id: 'UMGR', username: 'mgr', team_id: 'T1' },
        view: {
          id: 'V9',
          type: 'modal',
          callback_id: callbackId,
          private_metadata: privateMetadata,
          hash: 'h',
          state: {
            values: Object.fromEntries(
              Object.entries(values).map(([k, v]) => [
                k,
                {
                  value: /^(quartiers|audience|level|textChoice)$/.test(k)
                    ? { type: 'static_select', selected_option: { value: v } }
                    : { type: 'plain_text_input', value: v },
                },
              ]),
            ),
          },
        },
      });
    const values = {
      quartiers: 'rosa-parks',
      audience: 'all',
      level: 'orange',
      textChoice: 'template',
      start: blocks[5]!.element.initial_value!,
      end: 'pas une date',
    };
    const invalid = await submit('relais_form:heat-alert', values);
    expect(await invalid.json()).toMatchObject({
      response_action: 'errors',
      errors: { end: expect.stringMatching(/date/) },
    });

    const preview = (await (await submit('relais_form:heat-alert', { ...values, end: '1 jour' })).json()) as {
      response_action: string;
      view: { callback_id: string; private_metadata: string; blocks: { text: { text: string } }[] };
    };
    expect(preview.response_action).toBe('update');
    expect(preview.view.blocks[0]!.text.text).toMatch(
      /Nombre exact : 7 \(Slack : 4, Telegram : 3\)|Nombre exact : 7 \(Telegram : 3, Slack : 4\)/,
    );
    expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(0); // nothing sent before confirming

    slack.rateLimitNext(2);
    const confirm = await submit(preview.view.callback_id, {}, preview.view.private_metadata);
    expect(await confirm.json()).toMatchObject({ response_action: 'clear' });
    await manager.expect(/C'est parti/);
    // The live report is one message, edited in place until the final figures.
    const report = await eventually(
      () => slack.messagesOf('UMGR').find((m) => /Alerte envoyée/.test(m.text)),
      30_000,
      'final report',
    );
    expect(report.text).toMatch(/Envoyés : 6 \/ 7[\s\S]*Injoignables : 1/);
    expect(slack.messagesOf('UMGR').filter((m) => /Envoi de l'alerte|Alerte envoyée/.test(m.text))).toHaveLength(1);

    for (const p of onSlack.slice(0, 3))
      expect(slack.messagesOf(p.chatId).filter((m) => /Canicule/.test(m.text))).toHaveLength(1);
    for (const p of onTelegram)
      expect(telegram.server.storage.botMessages.filter((m) => String(m.message.chat_id) === p.chatId)).toHaveLength(1);
    expect(slack.messagesOf('5901')).toHaveLength(0); // another quartier
    expect(slack.rateLimited()).toBe(2); // both 429s were met, and waited out
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === gone).length,
    ).toBeGreaterThanOrEqual(1);
    const unreachable = await db
      .selectFrom('people')
      .select('unreachable_at')
      .where('channel_user_id', '=', gone)
      .executeTakeFirstOrThrow();
    expect(unreachable.unreachable_at).not.toBeNull();
  });

  it(
    'an eco-manager publishes a meeting from a modal; a Slack member ' +
      'registers with one click and gets the .ics in the DM',
    async () => {
      const [member] = await seedNetwork(db, 1, {
        channel: 'slack',
        firstChatId: 5501,
        quartiers: ['rosa-parks'],
        roles: ['volunteer'],
      });
      const manager = new SlackUser(slack, requests, 'UMGR');
      await manager.command('evenement');
      const opened = await eventually(() =>
        slack.views.find((v) => v.method === 'views.open' && v.view.callback_id === 'relais_form:meeting-create'),
      );
      const blocks = opened.view.blocks as { block_id: string; element: { type: string; initial_value?: string } }[];
      expect(blocks.map((b) => b.block_id)).toEqual([
        'kind',
        'title',
        'quartier',
        'place',
        'start',
        'duration',
        'capacity',
        'invite',
        'street',
        'reminders',
      ]);
      const start = new Date(Date.now() + 20 * 86_400_000);
      const day = new Intl.DateTimeFormat('fr-FR', {
        timeZone: 'Europe/Paris',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(start);
      const values: Record<string, string> = {
        kind: 'visite',
        title: "Visite d'une copropriété rénovée",
        quartier: 'rosa-parks',
        place: '12 rue Émile Bollaert',
        start: `${day} 10:00`,
        duration: '2h',
        capacity: '12',
        invite: 'all',
        street: blocks[8]!.element.initial_value!,
        reminders: 'P7D,P1D',
      };
      const selects = new Set(blocks.filter((b) => b.element.type === 'static_select').map((b) => b.block_id));
      const submission = (callbackId: string, v: Record<string, string>, privateMetadata = '') =>
        requests.interaction({
          type: 'view_submission',
          user: { id: 'UMGR', username: 'mgr', team_id: 'T1' },
          view: {
            id: 'V10',
            type: 'modal',
            callback_id: callbackId,
            private_metadata: privateMetadata,
            hash: 'h',
            state: {
              values: Object.fromEntries(
                Object.entries(v).map(([k, x]) => [
                  k,
                  {
                    value: selects.has(k)
                      ? { type: 'static_select', selected_option: { value: x } }
                      : { type: 'plain_text_input', value: x },
                  },
                ]),
              ),
            },
          },
        });
      const preview = (await (await submission('relais_form:meeting-create', values)).json()) as {
        view: { callback_id: string; private_metadata: string; blocks: { text: { text: string } }[] };
      };
      expect(preview.view.blocks[0]!.text.text).toMatch(/Places : 12/);
      expect(preview.view.blocks[0]!.text.text).toMatch(/Rappels : 7\sjours, 1\sjour avant/);
      await submission(preview.view.callback_id, {}, preview.view.private_metadata);
      await manager.expect(/est publié/);

      const resident = new SlackUser(slack, requests, member!.chatId);
      await resident.expect(/Vous êtes invité/);
      await resident.press(/Je m'inscris/);
      await resident.expect(/vous êtes inscrit·e à « Visite d'une copropriété rénovée »/);
      const file = await eventually(() => slack.filesOf(member!.chatId)[0], 10_000, 'the .ics upload');
      expect(file.name).toMatch(/\.ics$/);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file.content)).getFirstSubcomponent('vevent')!);
      expect(
        new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(
          event.startDate.toJSDate(),
        ),
      ).toBe('10:00');
      expect(event.location).toBe('12 rue Émile Bollaert');
    },
  );

  it('an event Slack sends again (same event_id) is handled once', async () => {
    const event = {
      type: 'message',
      channel_type: 'im',
      channel: dmOf('URETRY'),
      user: 'URETRY',
      text: 'aide',
      ts: '5.5',
    };
    expect((await requests.event(event, { eventId: 'EvSame1' })).status).toBe(200);
    expect((await requests.event(event, { eventId: 'EvSame1' })).status).toBe(200);
    await eventually(() => slack.messagesOf('URETRY').length > 0, 10_000, 'the answer');
    // A later event of the same person is answered after the repeated one would have been.
    expect((await requests.event({ ...event, ts: '5.6' }, { eventId: 'EvSame2' })).status).toBe(200);
    await eventually(() => slack.messagesOf('URETRY').length >= 2, 10_000, 'the later answer');
    expect(slack.messagesOf('URETRY')).toHaveLength(2);
  });

  it('speaks the language the person set in Slack', async () => {
    slack.setLocale('UENG', 'en-US');
    const user = new SlackUser(slack, requests, 'UENG');
    await user.command('start');
    await user.expect(/Which neighbourhood do you live in/);
  });

  it(
    "an eco-manager shares a document in the DM: it feeds the FAQ at once; a resident's file is " +
      'not even downloaded',
    async () => {
      const name = 'rosa-parks-autoconsommation-collective.docx';
      const url = slack.shareFile(name, readFileSync(join(EVAL_CORPUS, 'rosa-parks', name)), 'xoxb-test');
      const share = (user: string) =>
        requests.event({
          type: 'message',
          subtype: 'file_share',
          channel_type: 'im',
          channel: dmOf(user),
          user,
          text: '',
          ts: '7.7',
          files: [{ id: 'F9', name, size: 11_000, url_private_download: url }],
        });
      const manager = new SlackUser(slack, requests, 'UMGR');
      await share('UMGR');
      await manager.expect(/Document « rosa-parks-autoconsommation-collective\.docx » ajouté pour Rosa Parks/);
      expect(existsSync(join(knowledgeDir, 'rosa-parks', name))).toBe(true);

      expect(slack.downloads()).toBe(1);
      const resident = new SlackUser(slack, requests, 'UDOCRES');
      await share('UDOCRES');
      await resident.expect(/Je ne lis que les messages écrits/);
      expect(slack.downloads()).toBe(1);

      await resident.send("C'est quoi l'autoconsommation collective ?");
      await resident.expect(/autoconsommation collective[\s\S]*(Source : |» — )/i);
    },
  );

  it('a shared file that declares 11 KB but goes on past 20 MB is cut off as it arrives: "too heavy", nothing kept', async () => {
    const name = 'rapport-menteur.pdf';
    const bytes = 64 * 1024 * 1024;
    const url = slack.shareFile(name, { bytes }, 'xoxb-test');
    await requests.event({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel: dmOf('UMGR'),
      user: 'UMGR',
      text: 'Rosa Parks',
      ts: '7.8',
      files: [{ id: 'F10', name, size: 11_000, url_private_download: url }],
    });
    await new SlackUser(slack, requests, 'UMGR').expect(/Ce document est trop lourd \(20 Mo au plus\)/);
    const transfer = await eventually(
      () => slack.transfers.find((t) => t.name === name && t.closed),
      10_000,
      'the end of the download',
    );
    // The app stopped reading and closed the connection: the stand-in could not send the whole file.
    expect(transfer.completed).toBe(false);
    expect(transfer.bytesSent).toBeLessThan(bytes);
    expect(existsSync(join(knowledgeDir, 'rosa-parks', name))).toBe(false);
  });

  it('a resident opening the alert modal is refused in their DM and no modal opens', async () => {
    const before = slack.views.filter((v) => v.method === 'views.open').length;
    const resident = new SlackUser(slack, requests, 'URES');
    await resident.command('alerte');
    await resident.expect(/réservée aux éco-gestionnaires/);
    expect(slack.views.filter((v) => v.method === 'views.open').length).toBe(before);
  });

  it('/lier links a Telegram member and a Slack identity: one membership, seen from both; a code works once', async () => {
    // A Telegram member (joined through the database: the signup itself is covered by the shared cases).
    const [member] = await seedNetwork(db, 1, {
      channel: 'telegram',
      firstChatId: 6102,
      quartiers: ['ilot-13'],
      roles: ['volunteer'],
    });
    const tgMember = telegram.user(TOKEN, Number(member!.chatId));
    await tgMember.send('/lier');
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await tgMember.expect(/Votre code/)).text)![1]!;

    const slackSide = new SlackUser(slack, requests, 'ULINK');
    await slackSide.command(`lier ${code}`);
    await slackSide.expect(/comptes sont liés/);
    await slackSide.command('mesdonnees');
    await slackSide.expect(/tout ce que je garde[\s\S]*Ilot 13/);

    const other = new SlackUser(slack, requests, 'ULINK2');
    await other.command(`lier ${code}`);
    await other.expect(/n'est pas valable/);

    // Leaving from either side erases the one membership and both identities.
    await slackSide.command('quitter');
    await slackSide.expect(/vraiment quitter/);
    await slackSide.press(/tout effacer/);
    await slackSide.expect(/effacées/);
    const left = await db
      .selectFrom('people')
      .select('id')
      .where('channel_user_id', 'in', ['ULINK', member!.chatId])
      .execute();
    expect(left).toHaveLength(0);
  });
});

describe('Slack message rendering', () => {
  it('shows user and document text as written: no @channel mention in the notification, no formatting in blocks', () => {
    const m = messageOf({ text: '<!channel> *gras* _penché_ ~barré~ & <https://x.example|lien>' });
    expect(m.text).toBe('&lt;!channel&gt; *gras* _penché_ ~barré~ &amp; &lt;https://x.example|lien&gt;');
    expect(m.blocks[0]).toMatchObject({
      type: 'section',
      text: { type: 'plain_text', text: '<!channel> *gras* _penché_ ~barré~ & <https://x.example|lien>' },
    });
  });

  it('splits a text over 3,000 characters into several sections', () => {
    const long = Array.from(
      { length: 80 },
      (_, i) => `Ligne ${i} : 12 rue de la Chaleur, ne répond pas — personne n'y va encore`,
    ).join('\n');
    const m = messageOf({ text: long });
    expect(m.blocks.length).toBeGreaterThan(1);
    for (const b of m.blocks) expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
  });
});
