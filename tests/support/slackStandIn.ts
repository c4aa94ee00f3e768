import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { eventually } from './env.js';
import { WebSocket, WebSocketServer } from 'ws';
import { parseMultipart } from './multipart.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  buttons: { text: string; value: string; action_id: string }[];
}

/** DM channel of a user in the stand-in's workspace. */
export const dmOf = (userId: string) => `D${userId}`;
const userOf = (channel: string) => (channel.startsWith('D') ? channel.slice(1) : channel);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
  });
}

/** Pulls the buttons out of Block Kit blocks. */
function buttonsOf(blocks: unknown): PostedMessage['buttons'] {
  const list = Array.isArray(blocks)
    ? (blocks as {
        type: string;
        elements?: { type: string; text?: { text: string }; value?: string; action_id: string }[];
      }[])
    : [];
  return list.flatMap((b) =>
    b.type === 'actions'
      ? (b.elements ?? [])
          .filter((e) => e.type === 'button')
          .map((e) => ({ text: e.text?.text ?? '', value: e.value ?? '', action_id: e.action_id }))
      : [],
  );
}

/**
 * A local Slack Web API: records every call, keeps the messages posted to each DM, and can answer 429
 * (with Retry-After) or "user_not_found" like Slack does. The Bolt app and the delivery worker call it over HTTP.
 */
export async function startSlackStandIn() {
  const calls: SlackCall[] = [];
  const messages = new Map<string, PostedMessage[]>(); // by user id
  const gone = new Set<string>();
  const locales = new Map<string, string>();
  let rateLimitLeft = 0;
  let rateLimitedCount = 0;
  let ts = 1_700_000_000;
  const views: { method: string; view: Record<string, unknown>; user?: string }[] = [];
  const uploads = new Map<string, { name: string; content: string }>();
  const shared = new Map<string, { content: Buffer | { bytes: number }; token: string }>();
  /** Each download of a shared file: bytes written to the socket, and whether all of them were. */
  const transfers: { name: string; bytesSent: number; completed: boolean; closed: boolean }[] = [];
  let downloads = 0;
  const files: { channel: string; name: string; content: string }[] = [];

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const download = /^\/files-pri\/(.+)$/.exec(req.url ?? '');
    if (download) {
      // Files people shared with the app: only with the bot token, as Slack's url_private_download.
      const f = shared.get(decodeURIComponent(download[1]!));
      if (!f || req.headers.authorization !== `Bearer ${f.token}`) return void res.writeHead(f ? 403 : 404).end();
      downloads++;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      if (Buffer.isBuffer(f.content)) return void res.end(f.content);
      // A generated file, sent in chunks as the client reads them: a client that stops reading is seen.
      const transfer = { name: decodeURIComponent(download[1]!), bytesSent: 0, completed: false, closed: false };
      transfers.push(transfer);
      res.once('close', () => (transfer.closed = true));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      while (transfer.bytesSent < f.content.bytes && !res.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, f.content.bytes - transfer.bytesSent));
        transfer.bytesSent += part.length;
        if (!res.write(part))
          await new Promise((r) => {
            res.once('drain', r);
            res.once('close', r);
          });
      }
      if (!res.destroyed) {
        transfer.completed = true;
        res.end();
      }
      return;
    }
    const upload = /^\/upload\/(\w+)/.exec(req.url ?? '');
    if (upload) {
      const pending = uploads.get(upload[1]!);
      const type = req.headers['content-type'] ?? '';
      if (pending)
        pending.content = type.startsWith('multipart/') ? (parseMultipart(type, raw).files[0]?.content ?? '') : raw;
      res.writeHead(200).end('OK');
      return;
    }
    const method = /^\/api\/([\w.]+)/.exec(req.url ?? '')?.[1] ?? '';
    let args: Record<string, unknown> = {};
    if ((req.headers['content-type'] ?? '').includes('json')) args = raw ? JSON.parse(raw) : {};
    else for (const [k, v] of new URLSearchParams(raw)) args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    calls.push({ method, args, at: Date.now() });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    switch (method) {
      case 'users.info':
        return reply(200, {
          ok: true,
          user: {
            id: args.user,
            name: String(args.user).toLowerCase(),
            ...(args.include_locale ? { locale: locales.get(String(args.user)) ?? 'fr-FR' } : {}),
          },
        });
      case 'apps.connections.open':
        return reply(200, { ok: true, url: `ws://127.0.0.1:${port}/socket` });
      case 'auth.test':
        return reply(200, {
          ok: true,
          user_id: 'UBOT',
          bot_id: 'BBOT',
          team_id: 'T1',
          user: 'relais',
          team: 'Quartier',
        });
      case 'chat.postMessage': {
        if (rateLimitLeft > 0) {
          rateLimitLeft--;
          rateLimitedCount++;
          return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
        }
        const user = userOf(String(args.channel));
        if (gone.has(user)) return reply(200, { ok: false, error: 'user_not_found' });
        const message: PostedMessage = {
          channel: dmOf(user),
          ts: `${++ts}.000100`,
          text: String(args.text ?? ''),
          buttons: buttonsOf(args.blocks),
        };
        messages.set(user, [...(messages.get(user) ?? []), message]);
        return reply(200, { ok: true, channel: message.channel, ts: message.ts, message: { text: message.text } });
      }
      case 'chat.update': {
        const user = userOf(String(args.channel));
        const m = messages.get(user)?.find((x) => x.ts === args.ts);
        if (!m) return reply(200, { ok: false, error: 'message_not_found' });
        m.text = String(args.text ?? m.text);
        m.buttons = buttonsOf(args.blocks);
        return reply(200, { ok: true, channel: m.channel, ts: m.ts });
      }
      case 'conversations.open':
        return reply(200, { ok: true, channel: { id: dmOf(String(args.users)) } });
      case 'files.getUploadURLExternal': {
        const id = `F${uploads.size + 1}`;
        uploads.set(id, { name: String(args.filename), content: '' });
        return reply(200, { ok: true, file_id: id, upload_url: `http://127.0.0.1:${port}/upload/${id}` });
      }
      case 'files.completeUploadExternal': {
        for (const f of args.files as { id: string }[]) {
          const u = uploads.get(f.id);
          if (u) files.push({ channel: String(args.channel_id), ...u });
        }
        return reply(200, { ok: true, files: (args.files as { id: string }[]).map((f) => ({ id: f.id })) });
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        views.push({ method, view: args.view as Record<string, unknown>, user: args.user_id as string | undefined });
        return reply(200, { ok: true, view: { id: `V${views.length}`, ...(args.view as object) } });
      default:
        return reply(200, { ok: true });
    }
  });
  // Socket Mode: Slack's WebSocket gateway. Events go down as envelopes; the app acks each by its id.
  const sockets = new WebSocketServer({ server, path: '/socket' });
  const acks = new Map<string, unknown>();
  let envelopes = 0;
  sockets.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (msg.envelope_id) acks.set(msg.envelope_id, msg.payload ?? null);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'stand-in' },
        connection_info: { app_id: 'A1' },
      }),
    );
  });
  let port = 0;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    views,
    messagesOf: (userId: string) => messages.get(userId) ?? [],
    /**
     * A file a user shares in a DM: its url_private_download (served only with `token`). `{ bytes }` serves
     * that many generated bytes, whatever size the message declares, and records how far the download went.
     */
    shareFile(name: string, content: Buffer | { bytes: number }, token: string): string {
      shared.set(name, { content, token });
      return `http://127.0.0.1:${port}/files-pri/${encodeURIComponent(name)}`;
    },
    /** How many shared files the app downloaded. */
    downloads: () => downloads,
    /** Downloads of generated files (`shareFile(name, { bytes })`): how many bytes went out, and whether all. */
    transfers,
    /** Files uploaded into a user's DM. */
    filesOf: (userId: string) => files.filter((f) => f.channel === dmOf(userId)),
    /** The next `n` chat.postMessage calls get HTTP 429 with Retry-After: 1. */
    rateLimitNext(n: number) {
      rateLimitLeft = n;
    },
    /** How many 429s were answered. */
    rateLimited: () => rateLimitedCount,
    /** The language this user set in Slack (users.info's locale; fr-FR otherwise). */
    setLocale(userId: string, locale: string) {
      locales.set(userId, locale);
    },
    /** This user left the workspace: posting to them fails with user_not_found. */
    remove(userId: string) {
      gone.add(userId);
    },
    /** Socket Mode: sends an envelope to the connected app and waits for its ack; returns the ack's payload. */
    async socketSend(
      type: 'events_api' | 'slash_commands' | 'interactive',
      payload: Record<string, unknown>,
    ): Promise<unknown> {
      const id = `env-${++envelopes}`;
      const client = await eventually(
        () => [...sockets.clients].find((c) => c.readyState === WebSocket.OPEN),
        10_000,
        'a Socket Mode connection',
      );
      client.send(JSON.stringify({ envelope_id: id, type, accepts_response_payload: type !== 'events_api', payload }));
      return eventually(() => (acks.has(id) ? { payload: acks.get(id) } : undefined), 10_000, `ack of ${id}`);
    },
    socketConnections: () => sockets.clients.size,
    async close() {
      for (const c of sockets.clients) c.terminate();
      sockets.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
    },
  };
}

export type SlackStandIn = Awaited<ReturnType<typeof startSlackStandIn>>;

/** Signs a request body as Slack does (v0 HMAC-SHA256 of "v0:timestamp:body"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Sends real signed HTTP requests to the app's /slack/events endpoint, as Slack would. */
export class SlackRequests {
  constructor(
    readonly endpoint: string,
    private readonly secret: string,
  ) {}

  async post(
    body: string,
    contentType: string,
    opts: { timestamp?: number; signature?: string } = {},
  ): Promise<Response> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': opts.signature ?? slackSignature(this.secret, timestamp, body),
      },
      body,
    });
  }

  event(
    event: Record<string, unknown>,
    opts?: { timestamp?: number; signature?: string; eventId?: string },
  ): Promise<Response> {
    const body = JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: opts?.eventId ?? `Ev${Math.random().toString(36).slice(2)}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    return this.post(body, 'application/json', opts);
  }

  command(userId: string, text: string): Promise<Response> {
    const body = new URLSearchParams({
      token: 'x',
      team_id: 'T1',
      channel_id: dmOf(userId),
      user_id: userId,
      command: '/relais',
      text,
      trigger_id: `trigger-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      response_url: 'http://127.0.0.1:9/response',
      api_app_id: 'A1',
    }).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }

  interaction(payload: Record<string, unknown>): Promise<Response> {
    const body = new URLSearchParams({
      payload: JSON.stringify({ team: { id: 'T1' }, api_app_id: 'A1', token: 'x', ...payload }),
    }).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }
}

/** A person using the Slack app in their DM: types, presses buttons, reads what the app posts. */
export class SlackUser {
  private seen = 0;

  constructor(
    private readonly standIn: SlackStandIn,
    private readonly requests: SlackRequests,
    readonly userId: string,
  ) {}

  async send(text: string): Promise<void> {
    const res = await this.requests.event({
      type: 'message',
      channel_type: 'im',
      channel: dmOf(this.userId),
      user: this.userId,
      text,
      ts: `${Date.now() / 1000}`,
    });
    if (res.status !== 200) throw new Error(`Slack event refused: ${res.status}`);
  }

  /** `/relais <text>` */
  async command(text: string): Promise<void> {
    const res = await this.requests.command(this.userId, text);
    if (res.status !== 200) throw new Error(`Slack command refused: ${res.status}`);
  }

  openHome(): Promise<Response> {
    return this.requests.event({ type: 'app_home_opened', user: this.userId, channel: dmOf(this.userId), tab: 'home' });
  }

  /** Presses the button whose label matches on the latest message that has buttons. */
  async press(label: RegExp): Promise<void> {
    const message = [...this.standIn.messagesOf(this.userId)].reverse().find((m) => m.buttons.length);
    const button = message?.buttons.find((b) => label.test(b.text));
    if (!message || !button)
      throw new Error(`No button ${label} in: ${message?.buttons.map((b) => b.text).join(' | ')}`);
    await this.pressOn(message, button);
  }

  async pressOn(message: PostedMessage, button: PostedMessage['buttons'][number]): Promise<void> {
    const res = await this.requests.interaction({
      type: 'block_actions',
      user: { id: this.userId, username: this.userId, team_id: 'T1' },
      trigger_id: `trigger-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: message.text },
      response_url: 'http://127.0.0.1:9/response',
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: 'b',
          text: { type: 'plain_text', text: button.text },
          value: button.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    if (res.status !== 200) throw new Error(`Slack interaction refused: ${res.status}`);
  }

  /** Waits for a new message in the DM matching `pattern`; returns it. */
  async expect(pattern: RegExp, timeoutMs = 15_000): Promise<PostedMessage> {
    return eventually(
      () => {
        const list = this.standIn.messagesOf(this.userId);
        const idx = list.findIndex((m, i) => i >= this.seen && pattern.test(m.text));
        if (idx < 0) return undefined;
        this.seen = idx + 1;
        return list[idx];
      },
      timeoutMs,
      `Slack message ${pattern} for ${this.userId}; got: ${this.standIn
        .messagesOf(this.userId)
        .slice(this.seen)
        .map((m) => m.text)
        .join(' | ')}`,
    );
  }
}
