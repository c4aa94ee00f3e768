import { z } from 'zod';

/** The channel-neutral vocabulary between adapters and the core (see design.md). */
export type { Channel } from '../channel.js';
import type { Channel } from '../channel.js';

export interface InboundEvent {
  channel: Channel;
  /** The person's id on that platform. */
  userId: string;
  /** Where replies go (a Telegram chat id, a Slack DM channel, "terminal"). */
  chatId: string;
  /** The platform's language hint, e.g. Telegram's language_code. */
  languageHint?: string;
  kind: 'text' | 'choice' | 'command' | 'document' | 'unsupported';
  text?: string;
  /** Value of a pressed button. */
  choice?: string;
  command?: string;
  args?: string;
  /** A file sent to the bot (text holds its caption); downloaded only if someone may add documents. */
  document?: { fileName: string; size?: number; download: () => Promise<Buffer> };
  /** Why an update is unsupported: 'media', 'group', 'too_long'. */
  unsupported?: 'media' | 'group' | 'too_long';
}

/**
 * Characters nobody types on purpose and that can hide or reorder what is shown (NUL, BEL, other C0/C1
 * controls, bidi overrides and isolates, zero-width characters, BOM); line breaks and tabs stay. PostgreSQL
 * refuses NUL in text, and U+202E can make "12 rue X" display as something else to an eco-manager.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Typed text as the core stores and shows it: invisible characters removed, Unicode in NFC. */
export const CleanText = z.string().transform((s) => s.normalize('NFC').replace(INVISIBLE, '').replace(/\r\n?/g, '\n'));

/** An inbound event with every typed field cleaned, at the boundary between adapters and the core. */
export function cleanInbound(event: InboundEvent): InboundEvent {
  const clean = (v: string | undefined) => (v === undefined ? undefined : CleanText.parse(v));
  return {
    ...event,
    text: clean(event.text),
    choice: clean(event.choice),
    command: clean(event.command),
    args: clean(event.args),
  };
}

/** What a bot may download from Telegram (the Bot API's own limit), counted as it arrives. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** A document whose download went past MAX_DOCUMENT_BYTES, whatever size it declared. */
export class DocumentTooBig extends Error {
  constructor() {
    super('document over the download limit');
    this.name = 'DocumentTooBig';
  }
}

export interface ReplyOption {
  value: string;
  label: string;
}

/** What the core answers; every adapter renders it its own way (buttons, numbered list…). */
export interface Reply {
  text: string;
  options?: ReplyOption[];
  /** The question takes typed text; its options are only suggestions (a typed "20" is 20 places, not option 20). */
  freeText?: boolean;
  /** A file sent with the message (e.g. a meeting's .ics to add it to a calendar). */
  attachment?: { fileName: string; mimeType: string; content: string | Uint8Array };
}

/** An attachment's bytes, whether it was built as text (.ics) or as binary (a PDF poster). */
export function attachmentBytes(attachment: NonNullable<Reply['attachment']>): Buffer {
  const c = attachment.content;
  return typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
}

/** One part of a person's status page (Slack's App Home): a title, a line of status, buttons. */
export interface OverviewSection {
  title: string;
  text?: string;
  options?: ReplyOption[];
}

const QUESTION_WORDS = [
  ...['comment', 'pourquoi', 'quand', 'où', 'combien', 'qui', 'quel', 'quelle', 'quels', 'quelles'],
  ...['est-ce', "c'est quoi", "qu'est-ce"],
  ...['what', 'how', 'why', 'when', 'where', 'who', 'which', 'can', 'is', 'are', 'do', 'does'],
];
const QUESTION_START = new RegExp(`^(${QUESTION_WORDS.join('|')})(?![\\p{L}'’-])`, 'u');

/** A typed message that reads as a question: it ends with "?" or opens with a question word. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t.endsWith('?') || QUESTION_START.test(t);
}

/** What a person is told about an update the bot does not read (a sticker, a group chat, a message too long). */
export const unsupportedKey = (reason: InboundEvent['unsupported']) =>
  reason === 'group' ? 'guard.group' : reason === 'too_long' ? 'guard.tooLong' : 'guard.media';
