import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSpace, eventually, type TestSpace } from '../../support/env.js';
import { dmOf, startSlackStandIn, type SlackStandIn } from '../../support/slackStandIn.js';
import { ProductProcess } from '../../support/product.js';

/** Installs without a public URL: the app opens a WebSocket to Slack (here, the stand-in's gateway). */
describe('the Slack app in Socket Mode (SLACK_APP_TOKEN, no public URL)', () => {
  let slack: SlackStandIn;
  let space: TestSpace;
  let product: ProductProcess;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    space = await createTestSpace('sqlite');
    product = new ProductProcess({
      ...space.env,
      SLACK_BOT_TOKEN: 'xoxb-socket',
      SLACK_APP_TOKEN: 'xapp-socket',
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'info',
      ECO_MANAGERS: 'slack:UECO:ilot-13',
    });
    await product.waitForLog(/slack socket mode connected/);
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await slack?.close();
    await space?.cleanup();
  });

  it('connects through apps.connections.open, then takes DMs, the /relais command and modal submissions over the socket', async () => {
    expect(slack.calls.some((c) => c.method === 'apps.connections.open')).toBe(true);
    expect(slack.socketConnections()).toBe(1);

    await slack.socketSend('events_api', {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev1',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        channel: dmOf('USOCK'),
        user: 'USOCK',
        text: "C'est quoi un DTG ?",
        ts: '1.1',
      },
    });
    await eventually(
      () => slack.messagesOf('USOCK').find((m) => /DTG[\s\S]*(Source : |» — )/.test(m.text)),
      10_000,
      'the FAQ answer',
    );

    await slack.socketSend('slash_commands', {
      command: '/relais',
      text: 'start',
      user_id: 'USOCK',
      channel_id: dmOf('USOCK'),
      team_id: 'T1',
      trigger_id: 't1',
      response_url: 'http://127.0.0.1:9/r',
      api_app_id: 'A1',
    });
    await eventually(
      () => slack.messagesOf('USOCK').find((m) => /Dans quel quartier/.test(m.text)),
      10_000,
      'the signup question',
    );

    // A modal submission answered on the socket: the ack carries the response (field errors here).
    await slack.socketSend('slash_commands', {
      command: '/relais',
      text: 'alerte',
      user_id: 'UECO',
      channel_id: dmOf('UECO'),
      team_id: 'T1',
      trigger_id: 't2',
      response_url: 'http://127.0.0.1:9/r',
      api_app_id: 'A1',
    });
    await eventually(() => slack.views.find((v) => v.method === 'views.open'), 10_000, 'the alert modal');
    const ack = (await slack.socketSend('interactive', {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UECO', username: 'eco', team_id: 'T1' },
      api_app_id: 'A1',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'relais_form:heat-alert',
        private_metadata: '',
        hash: 'h',
        state: {
          values: {
            quartiers: { value: { type: 'static_select', selected_option: { value: 'ilot-13' } } },
            audience: { value: { type: 'static_select', selected_option: { value: 'all' } } },
            level: { value: { type: 'static_select', selected_option: { value: 'red' } } },
            textChoice: { value: { type: 'static_select', selected_option: { value: 'template' } } },
            start: { value: { type: 'plain_text_input', value: 'jamais' } },
            end: { value: { type: 'plain_text_input', value: '1 jour' } },
          },
        },
      },
    })) as { payload: { response_action: string; errors: Record<string, string> } };
    expect(ack.payload).toMatchObject({
      response_action: 'errors',
      errors: { start: expect.stringMatching(/date/) },
    });
  });
});
