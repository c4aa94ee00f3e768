import type { Reply } from '../core/messages.js';

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

export type Senders = Partial<Record<string, ChannelSender>>;
