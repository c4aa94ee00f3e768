import { createServer, type IncomingMessage, type Server } from 'node:http';
import { freePort } from './ports.js';
import { telegramLimitViolation } from './telegramStandIn.js';

export interface BotMessage {
  chatId: string;
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
  at: number;
}

type Matcher = RegExp | ((m: BotMessage) => boolean);
type Waiter = { chatId: string; from: number; matches: (m: BotMessage) => boolean; resolve: (m: BotMessage) => void };
const matcher = (m: Matcher) => (typeof m === 'function' ? m : (msg: BotMessage) => m.test(msg.text));

/**
 * A Telegram Bot API stand-in for load: many users at once, by long polling (getUpdates) or by webhook (it
 * POSTs each update to the address given to setWebhook, with the secret token, as Telegram does). It refuses
 * what Telegram refuses (64-byte callback_data, 4,096-character texts). Everything stays in memory, indexed by
 * chat, so that thousands of messages cost nothing to look up.
 */
export async function startTelegramLoadStandIn(opts: { limitPerSecond?: number } = {}) {
  // Telegram's limit for a bot, all chats together, over any rolling second: beyond it, 429 with retry_after.
  const acceptedAt: number[] = [];
  const refused429: string[] = [];
  const updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let webhook: { url: string; secret: string } | undefined;
  const pollers: (() => void)[] = [];
  const byChat = new Map<string, BotMessage[]>();
  const waiters = new Set<Waiter>();
  let sent = 0;
  /** Chats whose sendMessage answers late (a slow network path to one person). */
  // A chat on hold: its messages wait, unanswered, until the test releases them (no guessed delay).
  const onHold = new Map<string, { released: Promise<void>; release: () => void }>();
  const held = new Set<string>();

  // Webhook: like Telegram, at most `max_connections` (40 by default) requests in flight, a chat's updates one
  // after another (the next once the previous was answered); a failed one is sent again.
  const outbox: Record<string, unknown>[] = [];
  const busyChats = new Set<string>();
  let inFlight = 0;
  const chatOf = (u: Record<string, unknown>) =>
    String(
      (u.message as { chat?: { id: number } })?.chat?.id ?? (u.callback_query as { from?: { id: number } })?.from?.id,
    );
  const pumpWebhook = () => {
    for (let i = 0; webhook && inFlight < 40 && i < outbox.length; ) {
      const update = outbox[i]!;
      const chat = chatOf(update);
      if (busyChats.has(chat)) {
        i++;
        continue;
      }
      outbox.splice(i, 1);
      busyChats.add(chat);
      const { url, secret } = webhook;
      inFlight++;
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      })
        .then(async (r) => {
          await r.arrayBuffer();
          if (!r.ok) outbox.unshift(update);
        })
        .catch(() => outbox.unshift(update))
        .finally(() => {
          inFlight--;
          busyChats.delete(chat);
          pumpWebhook();
        });
    }
  };

  const push = (update: Record<string, unknown>) => {
    const full = { update_id: nextUpdateId++, ...update };
    if (webhook) {
      outbox.push(full);
      pumpWebhook();
      return;
    }
    updates.push(full);
    for (const wake of pollers.splice(0)) wake();
  };

  const record = (chatId: string, text: string, markup: unknown): BotMessage => {
    const buttons =
      (
        markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined
      )?.inline_keyboard?.flat() ?? [];
    const message = { chatId, messageId: nextMessageId++, text, buttons, at: performance.now() };
    const list = byChat.get(chatId) ?? [];
    list.push(message);
    byChat.set(chatId, list);
    sent++;
    for (const w of waiters) {
      if (w.chatId === chatId && list.length - 1 >= w.from && w.matches(message)) {
        waiters.delete(w);
        w.resolve(message);
      }
    }
    return message;
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
    const params = parseParams(req.headers['content-type'], body);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const ok = (result: unknown) => reply(200, { ok: true, result });
    const violation = telegramLimitViolation(method, params);
    if (violation) return reply(400, { ok: false, error_code: 400, description: violation });
    switch (method) {
      case 'getMe':
        return ok({ id: 42, is_bot: true, first_name: 'Relais', username: 'relais_bot' });
      case 'setWebhook':
        webhook = { url: String(params.url), secret: String(params.secret_token ?? '') };
        return ok(true);
      case 'deleteWebhook':
        webhook = undefined;
        return ok(true);
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        while (updates.length && Number(updates[0]!.update_id) < offset) updates.shift();
        if (!updates.length && Number(params.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Number(params.timeout) * 1000);
            pollers.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return ok(updates.slice(0, Number(params.limit ?? 100)));
      }
      case 'sendMessage': {
        if (opts.limitPerSecond) {
          const now = performance.now();
          while (acceptedAt.length && acceptedAt[0]! <= now - 1000) acceptedAt.shift();
          if (acceptedAt.length >= opts.limitPerSecond) {
            refused429.push(String(params.chat_id));
            const description = 'Too Many Requests: retry after 1';
            return reply(429, { ok: false, error_code: 429, description, parameters: { retry_after: 1 } });
          }
          acceptedAt.push(now);
        }
        const hold = onHold.get(String(params.chat_id));
        if (hold) {
          held.add(String(params.chat_id));
          await hold.released;
          held.delete(String(params.chat_id));
        }
        const m = record(String(params.chat_id), String(params.text), params.reply_markup);
        const date = Math.floor(Date.now() / 1000);
        const chat = { id: Number(params.chat_id), type: 'private' };
        return ok({ message_id: m.messageId, date, chat, text: params.text });
      }
      default:
        return ok(true);
    }
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    /** Messages the bot sent, all chats together. */
    sent: () => sent,
    /** sendMessage calls refused with 429 (over `limitPerSecond`), to the chats `which` selects (all by default). */
    refused429: (which: (chatId: string) => boolean = () => true) => refused429.filter(which).length,
    messagesTo: (chatId: string) => byChat.get(chatId) ?? [],
    /** Messages sent to the chats `which` selects. */
    sentWhere: (which: (chatId: string) => boolean) =>
      [...byChat].reduce((n, [chatId, list]) => n + (which(chatId) ? list.length : 0), 0),
    /** Messages to this chat wait until the returned function is called. */
    hold(chatId: string): () => void {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      onHold.set(chatId, { released, release });
      return () => {
        onHold.delete(chatId);
        release();
      };
    },
    /** True while a message to this chat on hold is waiting. */
    holding: (chatId: string) => held.has(chatId),
    user(id: number) {
      const from = { id, is_bot: false, first_name: `U${id}`, language_code: 'fr' };
      const chat = { id, type: 'private', first_name: `U${id}` };
      const date = () => Math.floor(Date.now() / 1000);
      return {
        send(text: string) {
          const entities = text.startsWith('/')
            ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
            : undefined;
          push({ message: { message_id: nextMessageId++, from, chat, date: date(), text, entities } });
        },
        /** Presses the button matching `label` on the latest bot message in this chat that has buttons. */
        press(label: RegExp): boolean {
          const withButtons = [...(byChat.get(String(id)) ?? [])].reverse().find((m) => m.buttons.length);
          const button = withButtons?.buttons.find((b) => label.test(b.text));
          if (!withButtons || !button) return false;
          const message = { message_id: withButtons.messageId, chat, date: date(), text: withButtons.text };
          push({
            callback_query: { id: String(nextUpdateId), from, chat_instance: '1', message, data: button.callback_data },
          });
          return true;
        },
        /** Presses the button carrying `callbackData` under `message` (a message of this chat). */
        pressOn(message: BotMessage, callbackData: string): void {
          const on = { message_id: message.messageId, chat, date: date(), text: message.text };
          push({
            callback_query: { id: String(nextUpdateId), from, chat_instance: '1', message: on, data: callbackData },
          });
        },
        /** Every message the bot sent to this chat, in order. */
        messages: () => byChat.get(String(id)) ?? [],
        /** Index of the next bot message in this chat: wait for messages from there. */
        mark: () => (byChat.get(String(id)) ?? []).length,
        /** Resolves with the first bot message in this chat, from index `from`, matching `pattern`. */
        waitFor(from: number, pattern: Matcher, timeoutMs: number): Promise<BotMessage> {
          const matches = matcher(pattern);
          const existing = (byChat.get(String(id)) ?? []).slice(from).find(matches);
          if (existing) return Promise.resolve(existing);
          return new Promise((resolve, reject) => {
            const waiter: Waiter = { chatId: String(id), from, matches, resolve };
            waiters.add(waiter);
            setTimeout(() => {
              if (waiters.delete(waiter)) reject(new Error(`no reply ${pattern} for ${id} in ${timeoutMs} ms`));
            }, timeoutMs);
          });
        },
      };
    },
    close: () =>
      new Promise<void>((r) => {
        for (const wake of pollers.splice(0)) wake();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** grammY sends JSON; a file upload (sendDocument) is multipart, whose fields we do not need here. */
function parseParams(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!body || !contentType?.includes('json')) return {};
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}
