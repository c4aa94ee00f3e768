import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestSpace, type TestSpace } from '../support/env.js';
import { startTelegramStandIn } from '../support/telegramStandIn.js';
import { SlackRequests, SlackUser, startSlackStandIn, type SlackStandIn } from '../support/slackStandIn.js';
import { ProductProcess } from '../support/product.js';
import { freePort } from '../support/ports.js';
import { FLOW_CASES, runCase, type ChatDriver } from './sharedFlowCases.js';

const TOKEN = '555:SHARED-token';
const SIGNING_SECRET = 'shared-signing-secret';

/** The product runs Telegram and Slack at once; every case of the table runs on both, with the same expectations. */
describe('the same flows on Telegram and Slack (one product, both adapters)', () => {
  let telegram: Awaited<ReturnType<typeof startTelegramStandIn>>;
  let slack: SlackStandIn;
  let requests: SlackRequests;
  let space: TestSpace;
  let product: ProductProcess;

  beforeAll(async () => {
    telegram = await startTelegramStandIn();
    slack = await startSlackStandIn();
    space = await createTestSpace('sqlite');
    const port = await freePort();
    product = new ProductProcess({
      ...space.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      SLACK_BOT_TOKEN: 'xoxb-shared',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await product.waitForLog(/telegram long polling started/);
    await product.waitForLog(/slack HTTP endpoint listening/);
    requests = new SlackRequests(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
  });
  afterAll(async () => {
    await product?.kill('SIGTERM');
    await telegram?.close();
    await slack?.close();
    await space?.cleanup();
  });

  const drivers: Record<string, (n: number) => ChatDriver> = {
    telegram: (n) => telegram.user(TOKEN, 4000 + n),
    slack: (n) => {
      const user = new SlackUser(slack, requests, `U${4000 + n}`);
      // Slack has no free-form "/start": commands go through the app's one slash command.
      return { send: (text) => (text.startsWith('/') ? user.command(text.slice(1)) : user.send(text)), press: (l) => user.press(l), expect: (p) => user.expect(p) };
    },
  };

  FLOW_CASES.forEach((flowCase, n) => {
    describe(flowCase.name, () => {
      for (const channel of ['telegram', 'slack']) {
        it(`on ${channel}`, () => runCase(drivers[channel]!(n), flowCase.steps).catch((err) => { console.log(product.stderr.slice(-3000)); throw err; }));
      }
    });
  });
});
