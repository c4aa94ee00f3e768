import { afterAll, beforeAll, describe, it } from 'vitest';
import { SlackUser } from '../support/slackStandIn.js';
import { startWithBothChannels } from '../support/bothChannels.js';
import { FLOW_CASES, runCase, type ChatDriver } from './sharedFlowCases.js';

const TOKEN = '555:SHARED-token';

/** The product runs Telegram and Slack at once; every case of the table runs on both, with the same expectations. */
describe('the same flows on Telegram and Slack (one product, both adapters)', () => {
  let both: Awaited<ReturnType<typeof startWithBothChannels>>;
  beforeAll(async () => {
    both = await startWithBothChannels(TOKEN);
  });
  afterAll(() => both?.close());

  const drivers: Record<string, (n: number) => ChatDriver> = {
    telegram: (n) => both.telegram.user(TOKEN, 4000 + n),
    slack: (n) => {
      const user = new SlackUser(both.slack, both.requests, `U${4000 + n}`);
      // Slack has no free-form "/start": commands go through the app's one slash command.
      return {
        send: (text) => (text.startsWith('/') ? user.command(text.slice(1)) : user.send(text)),
        press: (l) => user.press(l),
        expect: (p) => user.expect(p),
      };
    },
  };

  FLOW_CASES.forEach((flowCase, n) => {
    describe(flowCase.name, () => {
      for (const channel of ['telegram', 'slack']) {
        it(`on ${channel}`, () =>
          runCase(drivers[channel]!(n), flowCase.steps).catch((err) => {
            console.log(both.product.stderr.slice(-3000));
            throw err;
          }));
      }
    });
  });
});
