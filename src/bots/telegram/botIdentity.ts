import type { Config } from '../../config.js';

/**
 * The bot's @username, for t.me links: TELEGRAM_BOT_USERNAME, or asked of Telegram once (getMe). Undefined
 * without Telegram, or when Telegram does not answer (asked again next time).
 */
export function telegramUsername(
  config: Pick<Config, 'telegram' | 'telegramBotUsername'>,
): () => Promise<string | undefined> {
  let known = config.telegramBotUsername;
  const telegram = config.telegram;
  return async () => {
    if (known || !telegram) return known;
    try {
      const res = await fetch(`${telegram.apiRoot}/bot${telegram.token}/getMe`, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { ok?: boolean; result?: { username?: string } };
      known = body.ok ? body.result?.username : undefined;
    } catch {
      return undefined;
    }
    return known;
  };
}
