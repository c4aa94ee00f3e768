import { createTestSpace, type DbKind, type TestSpace } from './env.js';
import { startTelegramStandIn } from './telegramStandIn.js';
import { SlackRequests, startSlackStandIn, type SlackStandIn } from './slackStandIn.js';
import { ProductProcess } from './product.js';
import { freePort } from './ports.js';

export const SLACK_SIGNING_SECRET = 'test-signing-secret';

/** The product as `npm start` runs it, with Telegram and Slack at once, each against its local stand-in. */
export async function startWithBothChannels(
  telegramToken: string,
  extraEnv: Record<string, string> = {},
  kind: DbKind = 'sqlite',
) {
  const telegram = await startTelegramStandIn();
  const slack: SlackStandIn = await startSlackStandIn();
  const space: TestSpace = await createTestSpace(kind);
  const port = await freePort();
  const product = new ProductProcess({
    ...space.env,
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: String(port),
    LOG_LEVEL: 'info',
    ...extraEnv,
  });
  await product.waitForLog(/telegram long polling started/);
  await product.waitForLog(/slack HTTP endpoint listening/);
  return {
    telegram,
    slack,
    space,
    product,
    requests: new SlackRequests(`http://127.0.0.1:${port}/slack/events`, SLACK_SIGNING_SECRET),
    async close() {
      await product.kill('SIGTERM');
      await telegram.close();
      await slack.close();
      await space.cleanup();
    },
  };
}
