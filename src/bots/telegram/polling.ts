import { run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { errorCode, type Logger } from '../../logger.js';
import type { UpdateInbox } from '../../storage/updateInbox.js';
import { handleClaimed, preclaimedOf } from './webhookServer.js';

/** Updates handled at once; beyond it the runner fetches less (grammY's runner applies back-pressure). */
const CONCURRENT_UPDATES = 256;
/** getUpdates failing (network, Telegram down) is retried with growing waits, for as long as it takes. */
const RETRY_FOREVER_MS = 365 * 24 * 3600 * 1000;

/**
 * Long polling with grammY's runner: updates of different people handled concurrently (one chat's in order,
 * by the bot's sequentialize). Each batch is claimed in the database as it arrives, before the next
 * getUpdates confirms it to Telegram, so a crash never loses an update: what was claimed and not finished is
 * replayed at start. An update claimed before (a re-fetch after a crash) is skipped.
 */
export async function startPolling(
  bot: Bot,
  inbox: UpdateInbox,
  logger: Logger,
): Promise<{ stop: () => Promise<void> }> {
  // A webhook left from an earlier configuration would make getUpdates fail (409), as grammY's bot.start knows.
  await bot.api.deleteWebhook();
  const deps = { bot, inbox, logger, preclaimed: preclaimedOf(bot) };
  const seenBefore = new Set<number>();
  const runner = run<Update, unknown>(
    {
      handleUpdate: async (update) => {
        if (seenBefore.delete(update.update_id)) return;
        await handleClaimed(deps, update);
      },
      errorHandler: (err) => logger.error({ code: errorCode(err) }, 'telegram update failed'),
      api: {
        getUpdates: async (args, signal) => {
          const updates = await bot.api.getUpdates(args, signal);
          const fresh = await inbox.claimMany(
            'telegram',
            updates.map((u) => ({ updateId: String(u.update_id), body: JSON.stringify(u) })),
          );
          for (const u of updates) if (!fresh.has(String(u.update_id))) seenBefore.add(u.update_id);
          return updates;
        },
      },
    },
    {
      runner: { silent: true, maxRetryTime: RETRY_FOREVER_MS, retryInterval: 'exponential' },
      sink: { concurrency: CONCURRENT_UPDATES },
    },
  );
  logger.info({ bot: bot.botInfo.username }, 'telegram long polling started');
  void runner.task()?.catch((err: unknown) => logger.error({ code: errorCode(err) }, 'telegram polling stopped'));
  return { stop: () => runner.stop() };
}
