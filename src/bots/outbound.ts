import type { Reply } from '../core/messages.js';
import type { Channel } from '../channel.js';

/** The platform refused for good (bot blocked, user gone): do not retry, mark the person unreachable. */
export class RecipientUnreachable extends Error {}

/** The platform asks us to slow down. */
export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited, retry after ${retryAfterMs} ms`);
  }
}

/** How the delivery worker reaches a person on one channel (proactive messages: alerts, check-ins…). */
export interface ChannelSender {
  send(chatId: string, reply: Reply): Promise<{ messageId: string }>;
  edit(chatId: string, messageId: string, reply: Reply): Promise<void>;
}

export type Senders = Partial<Record<Channel, ChannelSender>>;

/**
 * Cuts a text that is over a platform's limit into pieces under it, at a paragraph break if there is one in
 * the second half of the piece, else a line break, else a space (a word is never cut unless it is longer
 * than the limit). Counted in code points, as Telegram counts.
 */
export function splitLongText(text: string, limit: number): string[] {
  // No more code points than UTF-16 units: most texts are short, and spreading each into an array cost a broadcast
  // more than composing it.
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let rest = [...text];
  while (rest.length > limit) {
    const window = rest.slice(0, limit).join('');
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find(
      (i) => i > window.length / 2,
    );
    const head = cut === undefined ? window : window.slice(0, cut);
    pieces.push(head.trimEnd());
    rest = rest.slice([...head].length);
    while (rest[0] === '\n' || rest[0] === ' ') rest.shift();
  }
  if (rest.length || !pieces.length) pieces.push(rest.join(''));
  return pieces;
}
