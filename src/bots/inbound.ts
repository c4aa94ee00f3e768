import type { Channel } from '../channel.js';
import { DocumentTooBig, type InboundEvent, MAX_DOCUMENT_BYTES } from '../core/messages.js';

/** Who wrote and where replies go, as the platform says it. */
export type Sender = Pick<InboundEvent, 'channel' | 'userId' | 'chatId' | 'languageHint'>;

/** A file the person sent: its declared name and size, and how to start its download. */
export interface SharedFile {
  fileName?: string;
  /** What the platform declares; trusted only to refuse early, never to stop a download. */
  size?: number;
  /** Its caption, which tells the core what it is for (an eco-manager's quartier). */
  caption?: string;
  /** Starts the HTTP download; its body is read here, counted as it arrives. */
  fetch: () => Promise<Response>;
}

/**
 * One platform event, translated by its adapter and nothing more: every decision (what is a command, what is
 * too long, what a group gets) is taken by `inboundOf`, the same for every platform.
 */
export type PlatformEvent =
  | {
      type: 'message';
      sender: Sender;
      /** A one-to-one chat with the bot (Telegram's private chat, Slack's DM). */
      place: 'private' | 'group';
      /** Written by a bot (ours included): never answered. */
      fromBot?: boolean;
      /** The typed text (a file's caption goes with the file). */
      text?: string;
      file?: SharedFile;
    }
  /** A message edited or deleted after it was sent, or a notice (someone joined…). */
  | { type: 'edit'; sender: Sender }
  | { type: 'button'; sender: Sender; place: 'private' | 'group'; value: string };

/**
 * How a command is typed on each platform. Telegram adds "@botname" when several bots share a chat; Slack's
 * message box keeps "/" for its own slash commands, so "!aide" is a command there too.
 */
const COMMAND_SYNTAX: Partial<Record<Channel, RegExp>> = {
  telegram: /^\/(\w+)(?:@\w+)?(?:\s+(.*))?$/s,
  slack: /^[/!](\w+)(?:\s+(.*))?$/s,
};
const DEFAULT_SYNTAX = /^\/(\w+)(?:\s+(.*))?$/s;

/**
 * The inbound decision tree shared by the adapters: what the core is given for a platform event, or undefined
 * when nothing is to be answered (edits, bots, chatter in a group, buttons pressed in a group).
 */
export function inboundOf(event: PlatformEvent, opts: { maxMessageLength: number }): InboundEvent | undefined {
  if (event.type === 'edit') return undefined; // the answer was taken when the message was first sent
  const base = event.sender;
  if (event.type === 'button')
    return event.place === 'private' ? { ...base, kind: 'choice', choice: event.value } : undefined;
  if (event.fromBot) return undefined;
  const text = event.text;
  if (event.place === 'group') {
    // In groups, answer commands only (politely, to say the bot works in private chats), never chatter.
    return text?.startsWith('/') ? { ...base, kind: 'unsupported', unsupported: 'group' } : undefined;
  }
  const file = event.file;
  if (file) {
    // Eco-managers add FAQ documents this way; the core decides, and downloads only then.
    return {
      ...base,
      kind: 'document',
      text: file.caption ?? '',
      document: { fileName: file.fileName || 'document', size: file.size, download: () => downloadCapped(file, base) },
    };
  }
  if (!text?.trim()) return { ...base, kind: 'unsupported', unsupported: 'media' };
  if (text.length > opts.maxMessageLength) return { ...base, kind: 'unsupported', unsupported: 'too_long' };
  const command = (COMMAND_SYNTAX[base.channel] ?? DEFAULT_SYNTAX).exec(text.trim());
  return command
    ? { ...base, kind: 'command', command: command[1]!, args: command[2] ?? '' }
    : { ...base, kind: 'text', text };
}

/**
 * Reads a download counted as it arrives, whatever size was declared: a file that lied about its size stops
 * at MAX_DOCUMENT_BYTES, and the rest is never fetched.
 */
export async function downloadCapped(file: SharedFile, sender: Sender, limit = MAX_DOCUMENT_BYTES): Promise<Buffer> {
  const res = await file.fetch();
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new Error(`${sender.channel} file download failed: ${res.status}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    // Leaving the loop cancels the stream: the connection closes and nothing more is fetched.
    if (size > limit) throw new DocumentTooBig();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
