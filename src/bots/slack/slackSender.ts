import { WebClient, WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { attachmentBytes, type Reply } from '../../core/messages.js';
import { RateLimited, RecipientUnreachable, type ChannelSender } from '../outbound.js';
import { messageOf } from './blocks.js';

/** Slack's answers meaning the person cannot be reached any more. */
const UNREACHABLE = new Set([
  'channel_not_found',
  'user_not_found',
  'account_inactive',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
  'not_in_channel',
]);

/** A reply's file (a meeting's .ics) uploaded into the DM (files.getUploadURLExternal → upload → complete). */
export async function uploadAttachment(client: WebClient, channel: string, reply: Reply): Promise<void> {
  if (!reply.attachment) return;
  // Uploads need the DM's conversation id, not the user id.
  const channelId = channel.startsWith('U')
    ? String((await client.conversations.open({ users: channel })).channel?.id)
    : channel;
  await client.filesUploadV2({
    channel_id: channelId,
    file: attachmentBytes(reply.attachment),
    filename: reply.attachment.fileName,
    title: reply.attachment.fileName,
  });
}

/** Our message ids carry the DM channel, which Slack needs to edit a message: "D123/1700000000.000100". */
const messageIdOf = (channel: string, ts: string) => `${channel}/${ts}`;

/**
 * Proactive Slack messages for the delivery worker. The SDK's own retries are off: a 429 goes back to the
 * delivery queue with Slack's Retry-After, like Telegram's; a gone user marks the person unreachable.
 */
export function slackSender(opts: { token: string; apiUrl: string }): ChannelSender {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  const translate = (err: unknown): unknown => {
    if (err instanceof WebAPIRateLimitedError) return new RateLimited(Math.max(1, err.retryAfter) * 1000);
    if (err instanceof WebAPIPlatformError && UNREACHABLE.has(String(err.data.error)))
      return new RecipientUnreachable(String(err.data.error));
    return err;
  };
  return {
    async send(chatId: string, reply: Reply) {
      try {
        // A user id as channel posts in the app's DM with that person.
        const res = await client.chat.postMessage({ channel: chatId, ...messageOf(reply) });
        await uploadAttachment(client, String(res.channel ?? chatId), reply);
        return { messageId: messageIdOf(String(res.channel ?? chatId), String(res.ts)) };
      } catch (err) {
        throw translate(err);
      }
    },
    async edit(chatId: string, messageId: string, reply: Reply) {
      const [channel, ts] = messageId.includes('/') ? messageId.split('/') : [chatId, messageId];
      try {
        await client.chat.update({ channel: channel!, ts: ts!, ...messageOf(reply) });
      } catch (err) {
        throw translate(err);
      }
    },
  };
}
