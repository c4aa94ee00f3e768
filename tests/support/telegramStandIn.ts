import { createServer, type IncomingMessage, type Server } from 'node:http';
import TelegramServerModule from 'telegram-test-api';
import type { TelegramServer as TelegramServerClass } from 'telegram-test-api/lib/telegramServer.js';

// The package is CommonJS with `module.exports = TelegramServer`; its typings describe an ES default.
const TelegramServer = TelegramServerModule as unknown as typeof TelegramServerClass;
type TelegramServer = TelegramServerClass;
import { freePort } from './ports.js';
import { parseMultipart } from './multipart.js';
import { eventually } from './env.js';

/**
 * A local Telegram Bot API: the `telegram-test-api` emulator, behind a thin proxy that gives
 * getUpdates long-polling (the emulator answers at once, which would make the bot spin).
 */
export interface StandInOptions {
  /** Chats that blocked the bot: sendMessage to them gets 403, as on Telegram. */
  blocked?: Set<string>;
  /** Chats whose next sendMessage gets a 429 with this retry_after (seconds). */
  throttleOnce?: Map<string, number>;
}

/** Telegram's limits: a text of 4,096 characters at most, callback_data of 64 bytes at most. */
export function telegramLimitViolation(method: string, params: Record<string, unknown>): string | undefined {
  if (method !== 'sendMessage' && method !== 'editMessageText') return undefined;
  if (typeof params.text === 'string' && [...params.text].length > 4096) return 'Bad Request: message is too long';
  const markup = params.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  for (const b of markup?.inline_keyboard?.flat() ?? []) {
    if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > 64)
      return 'Bad Request: BUTTON_DATA_INVALID';
  }
  return undefined;
}

export async function startTelegramStandIn(opts: StandInOptions = {}) {
  const serverPort = await freePort();
  const server = new TelegramServer({ port: serverPort, host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  const upstream = server.config.apiURL;
  const calls: { method: string; body: string }[] = [];

  // Files users "uploaded": getFile and the download URL are served here (the emulator has neither).
  const files = new Map<string, { path: string; content: Buffer }>();
  const sentDocuments: { chatId: string; fileName: string; content: string }[] = [];
  const pending = (token: string) => server.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
  const proxy: Server = createServer(async (req, res) => {
    const raw = await readRaw(req);
    const body = raw.toString();
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    if (match) calls.push({ method: match[2]!, body });
    const refuse = (status: number, description: string, extra: Record<string, unknown> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: status, description, ...extra }));
    };
    if (
      match &&
      (match[2] === 'sendMessage' || match[2] === 'editMessageText') &&
      req.headers['content-type']?.includes('json')
    ) {
      const params = JSON.parse(body || '{}') as Record<string, unknown>;
      const chat = String(params.chat_id);
      const violation = telegramLimitViolation(match[2], params);
      if (violation) return refuse(400, violation);
      if (match[2] === 'sendMessage' && opts.blocked?.has(chat))
        return refuse(403, 'Forbidden: bot was blocked by the user');
      const retryAfter = match[2] === 'sendMessage' ? opts.throttleOnce?.get(chat) : undefined;
      if (retryAfter !== undefined) {
        opts.throttleOnce!.delete(chat);
        return refuse(429, `Too Many Requests: retry after ${retryAfter}`, { parameters: { retry_after: retryAfter } });
      }
    }
    if (match?.[2] === 'sendDocument') {
      // The emulator has no sendDocument: files the bot sends are kept here (multipart, as grammY sends them).
      const { fields, files: parts } = parseMultipart(req.headers['content-type'] ?? '', body);
      sentDocuments.push({
        chatId: fields.chat_id ?? '',
        fileName: parts[0]?.fileName ?? '',
        content: parts[0]?.content ?? '',
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: true,
          result: {
            message_id: 900_000 + sentDocuments.length,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(fields.chat_id), type: 'private' },
            document: {
              file_id: `doc${sentDocuments.length}`,
              file_unique_id: `u${sentDocuments.length}`,
              file_name: parts[0]?.fileName,
            },
          },
        }),
      );
      return;
    }
    if (match?.[2] === 'getFile') {
      const fileId = String((JSON.parse(body || '{}') as { file_id?: string }).file_id);
      const f = files.get(fileId);
      res.writeHead(f ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          f
            ? { ok: true, result: { file_id: fileId, file_unique_id: fileId, file_path: f.path } }
            : { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
        ),
      );
      return;
    }
    const download = /^\/file\/bot[^/]+\/(.+)$/.exec(req.url ?? '');
    if (download) {
      const f = [...files.values()].find((x) => x.path === decodeURIComponent(download[1]!));
      res.writeHead(f ? 200 : 404).end(f?.content);
      return;
    }
    if (match && match[2] === 'getUpdates' && !pending(match[1]!)) {
      const deadline = Date.now() + 500;
      while (Date.now() < deadline && !pending(match[1]!)) await new Promise((r) => setTimeout(r, 10));
    }
    try {
      const headers: Record<string, string> = {};
      if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
      const r = await fetch(upstream + req.url, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : body,
      });
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await r.arrayBuffer()));
    } catch (err) {
      res.writeHead(502).end(String(err));
    }
  });
  const proxyPort = await freePort();
  await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));

  return {
    apiRoot: `http://127.0.0.1:${proxyPort}`,
    server,
    calls,
    /** Files the bot sent (sendDocument), e.g. a meeting's .ics. */
    sentDocuments,
    addFile(fileId: string, fileName: string, content: Buffer) {
      files.set(fileId, { path: `documents/${fileName}`, content });
    },
    user: (token: string, userId: number, opts: { languageCode?: string; chatType?: 'private' | 'group' } = {}) =>
      new TelegramUser(server, token, userId, opts),
    async close() {
      await new Promise<void>((r) => proxy.close(() => r()));
      proxy.closeAllConnections?.();
      await server.stop();
    },
  };
}

interface BotMessage {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

/** A person talking to the bot through the emulator, as a Telegram app would. */
export class TelegramUser {
  private readonly client;
  private readonly received: BotMessage[] = [];
  private seen = 0;

  constructor(
    private readonly server: TelegramServer,
    private readonly token: string,
    readonly userId: number,
    private readonly opts: { languageCode?: string; chatType?: 'private' | 'group' },
  ) {
    this.client = server.getClient(token, {
      userId,
      chatId: userId,
      firstName: `U${userId}`,
      userName: `u${userId}`,
      type: opts.chatType ?? 'private',
      timeout: 2000,
    });
  }

  private from() {
    return {
      from: {
        id: this.userId,
        first_name: `U${this.userId}`,
        username: `u${this.userId}`,
        is_bot: false,
        language_code: this.opts.languageCode ?? 'fr',
      },
    };
  }

  async send(text: string): Promise<void> {
    if (text.startsWith('/')) await this.client.sendCommand(this.client.makeCommand(text, this.from() as never));
    else await this.client.sendMessage(this.client.makeMessage(text, this.from() as never));
  }

  /** Sends a raw update body of our own (sticker, photo…), as Telegram would. */
  async sendRaw(extra: Record<string, unknown>): Promise<void> {
    const message = { ...this.client.makeMessage('', this.from() as never), ...extra } as Record<string, unknown>;
    delete message.text;
    await this.server.addUserMessage(message as never);
  }

  /** Presses the button whose label matches, on the latest message that has buttons. */
  async press(label: RegExp): Promise<void> {
    const withButtons = [...this.received].reverse().find((m) => m.buttons.length);
    const button = withButtons?.buttons.find((b) => label.test(b.text));
    if (!withButtons || !button)
      throw new Error(`No button ${label} in: ${withButtons?.buttons.map((b) => b.text).join(' | ')}`);
    const query = this.client.makeCallbackQuery(button.callback_data, {
      ...this.from(),
      message: {
        message_id: withButtons.messageId,
        chat: { id: this.userId, type: 'private' },
        text: withButtons.text,
        reply_markup: { inline_keyboard: withButtons.buttons.map((b) => [b]) },
      },
    } as never);
    await this.client.sendCallback(query);
  }

  /** A callback query with data of our own choosing, as from a forged or stale button. */
  async pressData(data: string): Promise<void> {
    const message = { message_id: 1, chat: { id: this.userId, type: 'private' }, text: '…' };
    await this.client.sendCallback(this.client.makeCallbackQuery(data, { ...this.from(), message } as never));
  }

  /**
   * One non-blocking read of the unread bot messages for this chat. Not the client's getUpdates: on its timeout
   * that one rejects but keeps polling in the background, and its orphaned polls mark later messages read and
   * drop them (a test waiting more than its timeout then loses replies).
   */
  private async pull(): Promise<void> {
    const res = await fetch(`${this.server.config.apiURL}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: this.token, chatId: this.userId }),
    });
    const body = (await res.json()) as { result: { messageId: number; message: unknown }[] };
    for (const u of body.result) {
      const m = u.message as unknown as {
        text: string;
        reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
      };
      this.received.push({
        messageId: u.messageId,
        text: m.text,
        buttons: m.reply_markup?.inline_keyboard?.flat() ?? [],
      });
    }
  }

  /** Waits for a new bot message matching `pattern`; returns it and every message before it. */
  async expect(pattern: RegExp, timeoutMs = 15_000): Promise<BotMessage> {
    const find = () => this.received.findIndex((m, i) => i >= this.seen && pattern.test(m.text));
    return eventually(
      async () => {
        // A message may already be here: a reply of several messages arrives in one pull.
        let idx = find();
        if (idx < 0) {
          await this.pull();
          idx = find();
        }
        if (idx < 0) return undefined;
        this.seen = idx + 1;
        return this.received[idx];
      },
      timeoutMs,
      `bot message ${pattern} for user ${this.userId} (got: ${this.received
        .slice(this.seen)
        .map((m) => m.text.slice(0, 60))
        .join(' | ')})`,
    );
  }

  /** Everything received since the last expect(), after a short quiet period. */
  async drain(quietMs = 400): Promise<BotMessage[]> {
    await new Promise((r) => setTimeout(r, quietMs));
    await this.pull();
    const rest = this.received.slice(this.seen);
    this.seen = this.received.length;
    return rest;
  }

  get all(): BotMessage[] {
    return this.received;
  }
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An eco-manager's alert on Telegram, from "Qui doit la recevoir ?" to the preview: the whole network, this
 * level, the level's template, now, two days. Returns the preview (nothing is sent yet).
 */
export async function alertToWholeNetwork(user: TelegramUser, level: RegExp): Promise<BotMessage> {
  const steps: [RegExp, RegExp][] = [
    [/Qui doit la recevoir/, /Tout le réseau/],
    [/Quel niveau/, level],
    [/Voici le message prévu/, /Garder ce message/],
    [/Début de l'alerte/, /Maintenant/],
    [/Fin prévue/, /2 jours/],
  ];
  for (const [question, answer] of steps) {
    await user.expect(question);
    await user.press(answer);
  }
  return user.expect(/Aperçu — rien n'est encore envoyé/);
}
