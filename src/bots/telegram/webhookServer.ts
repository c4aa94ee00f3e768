import { createServer, type IncomingMessage, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { UpdateInbox } from '../../storage/updateInbox.js';
import { errorCode } from '../../logger.js';

/** Largest webhook body accepted: Telegram's updates are a few kilobytes. */
const MAX_BODY_BYTES = 1_000_000;
/** Updates a crash cut short are replayed at start only if this recent; older ones would surprise people. */
const REPLAY_WITHIN_MS = 60 * 60 * 1000;

const UpdateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

const preclaimedByBot = new WeakMap<object, Set<number>>();
/** Update ids claimed outside grammY (webhook, replay): the bot's claim middleware lets them through once. */
export function preclaimedOf(bot: object): Set<number> {
  const set = preclaimedByBot.get(bot) ?? new Set<number>();
  preclaimedByBot.set(bot, set);
  return set;
}

/** An update that failed: logged with its id and the error's code, never the payload (texts, addresses). */
export function logUpdateFailure(logger: Logger, err: unknown, updateId: number): void {
  const cause = err instanceof BotError ? err.error : err;
  logger.error({ updateId, code: errorCode(cause) }, 'telegram update failed');
}

interface Deps {
  bot: Bot;
  inbox: UpdateInbox;
  logger: Logger;
  preclaimed: Set<number>;
}

/** Handles an update already claimed in the inbox; never throws (a failing update must not stop the others). */
export async function handleClaimed({ bot, inbox, logger, preclaimed }: Deps, update: Update): Promise<void> {
  preclaimed.add(update.update_id);
  try {
    await bot.handleUpdate(update);
  } catch (err) {
    logUpdateFailure(logger, err, update.update_id);
  } finally {
    preclaimed.delete(update.update_id);
    await inbox
      .done('telegram', String(update.update_id))
      .catch((err: unknown) => logger.error({ code: errorCode(err) }, 'could not mark update done'));
  }
}

/** At start: updates claimed but never finished (the process died while handling them) are handled now. */
export async function replayUnfinished(deps: Deps): Promise<void> {
  const pending = await deps.inbox.unfinished('telegram', REPLAY_WITHIN_MS);
  for (const p of pending) {
    const parsed = UpdateShape.safeParse(JSON.parse(p.body));
    if (parsed.success) await handleClaimed(deps, parsed.data as unknown as Update);
    else await deps.inbox.done('telegram', p.updateId);
  }
  if (pending.length)
    deps.logger.warn({ count: pending.length }, 'telegram updates cut short by a stop were handled again');
}

/**
 * The webhook endpoint. Telegram re-sends an update until it gets a 2xx, so: a forged request gets 401, a
 * body that is not an update 400 (re-sending cannot help), and everything else 200 as soon as the update is
 * claimed in the database — the work happens after the answer, so a slow reply (429, a large document)
 * never makes Telegram re-send. Only a database that cannot record the claim answers 500, for a retry.
 */
export function serveWebhook(deps: Deps & { secret: string }): Server {
  const expected = Buffer.from(deps.secret);
  const server = createServer((req, res) => {
    const answer = (status: number) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"ok":true}' : '{"ok":false}');
    };
    void (async () => {
      if (req.method !== 'POST') return answer(405);
      const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return answer(401);
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === undefined) return answer(413);
      let update: Update;
      try {
        const parsed = UpdateShape.safeParse(JSON.parse(raw));
        if (!parsed.success) return answer(400);
        update = parsed.data as unknown as Update;
      } catch {
        return answer(400);
      }
      let fresh: boolean;
      try {
        fresh = await deps.inbox.claim('telegram', String(update.update_id), raw);
      } catch (err) {
        deps.logger.error(
          { updateId: update.update_id, code: errorCode(err) },
          'could not claim a telegram update; Telegram will retry',
        );
        return answer(500);
      }
      answer(200);
      if (fresh) await handleClaimed(deps, update);
      else deps.logger.debug({ updateId: update.update_id }, 'telegram update delivered again; ignored');
    })().catch((err: unknown) => {
      deps.logger.error({ code: errorCode(err) }, 'webhook request failed');
      if (!res.headersSent) answer(500);
    });
  });
  return server;
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
