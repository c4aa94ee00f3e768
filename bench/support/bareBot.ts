/**
 * The bare baseline of `npm run bench:chat`: a grammY bot that answers every message and button at once,
 * with no database, no Redis and no flows, against the same stand-in — what HTTP and grammY alone cost.
 * Polling by default; webhook when BARE_WEBHOOK_PORT is set.
 */
import { createServer } from 'node:http';
import { Bot, webhookCallback } from 'grammy';

const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN ?? 'bare:token', {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '' },
});
bot.on('message', (ctx) => ctx.reply('ok'));
bot.on('callback_query:data', (ctx) => ctx.reply('ok'));

const port = Number(process.env.BARE_WEBHOOK_PORT ?? 0);
if (port) {
  await bot.init();
  const server = createServer(webhookCallback(bot, 'http', { secretToken: 'bare' }));
  server.listen(port, '127.0.0.1', async () => {
    await bot.api.setWebhook(`http://127.0.0.1:${port}/`, { secret_token: 'bare' });
    process.stderr.write('bare bot ready\n');
  });
} else {
  void bot.start({ onStart: () => void process.stderr.write('bare bot ready\n') });
}
process.once('SIGTERM', () => process.exit(0));
