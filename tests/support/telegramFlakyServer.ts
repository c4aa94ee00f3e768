import { createServer, type Server } from 'node:http';
import { freePort } from './ports.js';
import { parseMultipart } from './multipart.js';
import { telegramLimitViolation } from './telegramStandIn.js';

export interface FlakyOptions {
  /** Chats that have blocked the bot: 403. */
  blocked?: Set<string>;
  /** Answer 429 (retry_after 1 s) to every n-th sendMessage. */
  every429?: number;
  /** Enforce a global limit: more than `limitPerSecond` sendMessage in a rolling second gets a 429. */
  limitPerSecond?: number;
}

/**
 * A minimal Telegram Bot API stand-in that counts what it receives and can misbehave like the real one
 * (429 with retry_after, 403 for blocked chats). Fast enough for thousands of messages.
 */
export async function startFlakyTelegram(opts: FlakyOptions = {}) {
  const delivered = new Map<string, number>();
  const edits: { chatId: string; messageId: string; text: string }[] = [];
  const texts = new Map<string, string[]>();
  const messages: { chatId: string; text: string; buttons: { text: string; callback_data: string }[] }[] = [];
  const stamps: number[] = [];
  const documents: { chatId: string; fileName: string; content: string }[] = [];
  let sendCalls = 0;
  let rateLimited = 0;
  let messageId = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1];
      if (method === 'sendDocument') {
        // Files (a meeting's .ics) come as multipart form data.
        const { fields, files } = parseMultipart(req.headers['content-type'] ?? '', body);
        documents.push({
          chatId: fields.chat_id ?? '',
          fileName: files[0]?.fileName ?? '',
          content: files[0]?.content ?? '',
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: true,
            result: { message_id: ++messageId, date: 0, chat: { id: Number(fields.chat_id), type: 'private' } },
          }),
        );
        return;
      }
      const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (method === 'getMe')
        return reply(200, { ok: true, result: { id: 1, is_bot: true, first_name: 'Relais', username: 'relais_bot' } });
      const violation = method ? telegramLimitViolation(method, params) : undefined;
      if (violation) return reply(400, { ok: false, error_code: 400, description: violation });
      if (method === 'sendMessage') {
        sendCalls++;
        const chat = String(params.chat_id);
        const now = Date.now();
        while (stamps.length && stamps[0]! <= now - 1000) stamps.shift();
        if (
          (opts.every429 && sendCalls % opts.every429 === 0) ||
          (opts.limitPerSecond && stamps.length >= opts.limitPerSecond)
        ) {
          rateLimited++;
          return reply(429, {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 1',
            parameters: { retry_after: 1 },
          });
        }
        if (opts.blocked?.has(chat))
          return reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        stamps.push(now);
        delivered.set(chat, (delivered.get(chat) ?? 0) + 1);
        texts.set(chat, [...(texts.get(chat) ?? []), String(params.text)]);
        const markup = params.reply_markup as
          | { inline_keyboard?: { text: string; callback_data: string }[][] }
          | undefined;
        messages.push({ chatId: chat, text: String(params.text), buttons: markup?.inline_keyboard?.flat() ?? [] });
        return reply(200, {
          ok: true,
          result: {
            message_id: ++messageId,
            date: Math.floor(now / 1000),
            chat: { id: Number(chat), type: 'private' },
            text: params.text,
          },
        });
      }
      if (method === 'editMessageText') {
        edits.push({ chatId: String(params.chat_id), messageId: String(params.message_id), text: String(params.text) });
        return reply(200, { ok: true, result: true });
      }
      return reply(200, { ok: true, result: true });
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    delivered,
    texts,
    messages,
    documents,
    edits,
    stats: () => ({ sendCalls, rateLimited }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
