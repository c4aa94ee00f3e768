import { Cluster } from 'ioredis';
import { attachmentBytes, type Reply } from '../../core/messages.js';
import type { RedisClient } from '../../jobs/redis.js';
import type { ChannelSender } from '../outbound.js';

/** How long a message waits for a terminal that is not open (then Redis drops it). */
const KEEP_SECONDS = 7 * 24 * 3600;
/** How long one wait for the next message lasts before the loop checks whether it should stop. */
const POLL_SECONDS = 2;

/**
 * Several terminals (one `TERMINAL_USER` each) share one Redis and one delivery queue, so the process whose
 * worker takes a message is often not the one of its recipient. Each message therefore goes into its
 * recipient's own list in Redis (the terminal's chat id is its identity), and each terminal shows only what is
 * in its own list: nobody sees another's replies, and a message sent while a terminal is closed waits for it.
 */
export function terminalMailboxSender(redis: RedisClient, prefix: string): ChannelSender {
  const push = async (chatId: string, reply: Reply) => {
    const key = mailboxKey(prefix, chatId);
    await redis.rpush(key, JSON.stringify(serialize(reply)));
    await redis.expire(key, KEEP_SECONDS);
  };
  return {
    async send(chatId, reply) {
      await push(chatId, reply);
      return { messageId: String(await redis.incr(`${prefix}:terminal-message-id`)) };
    },
    // A terminal cannot change what it printed: the new version is shown below.
    async edit(chatId, _messageId, reply) {
      await push(chatId, reply);
    },
  };
}

/** Shows, in order, each message put in this identity's list, until stopped. */
export function watchTerminalMailbox(
  redis: RedisClient,
  prefix: string,
  userId: string,
  show: (reply: Reply) => void,
  onError: (err: unknown) => void,
): { stop: () => Promise<void> } {
  // A blocking read holds its connection: it gets its own.
  const reader: RedisClient = redis instanceof Cluster ? redis.duplicate() : redis.duplicate();
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        const got = await reader.blpop(mailboxKey(prefix, userId), POLL_SECONDS);
        if (got) show(deserialize(JSON.parse(got[1]) as StoredReply));
      } catch (err) {
        if (stopping) break;
        onError(err);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      reader.disconnect(); // ends the wait in progress
      await loop;
    },
  };
}

function mailboxKey(prefix: string, chatId: string): string {
  return `${prefix}:terminal-mailbox:{${chatId}}`;
}

type StoredReply = Omit<Reply, 'attachment'> & {
  attachment?: { fileName: string; mimeType: string; base64: string };
};

function serialize(reply: Reply): StoredReply {
  if (!reply.attachment) return reply as StoredReply;
  const { content: _content, ...rest } = reply.attachment;
  return { ...reply, attachment: { ...rest, base64: attachmentBytes(reply.attachment).toString('base64') } };
}

function deserialize(stored: StoredReply): Reply {
  if (!stored.attachment) return stored as Reply;
  const { base64, ...rest } = stored.attachment;
  return { ...stored, attachment: { ...rest, content: Buffer.from(base64, 'base64') } };
}
