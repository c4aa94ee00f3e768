import { describe, expect, it } from 'vitest';
import { downloadCapped, inboundOf, type PlatformEvent, type Sender } from '../../src/bots/inbound.js';
import { DocumentTooBig } from '../../src/core/messages.js';

const telegram: Sender = { channel: 'telegram', userId: '7', chatId: '7', languageHint: 'fr' };
const slack: Sender = { channel: 'slack', userId: 'U7', chatId: 'U7' };
const opts = { maxMessageLength: 50 };
const message = (sender: Sender, text?: string, extra: Partial<PlatformEvent> = {}): PlatformEvent =>
  ({ type: 'message', sender, place: 'private', text, ...extra }) as PlatformEvent;

/** A download of `total` bytes in chunks of `chunk`, counting how many chunks the reader asked for. */
function body(total: number, chunk: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const sent = pulled * chunk;
      if (sent >= total) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(Math.min(chunk, total - sent)).fill(120));
    },
  });
  return { response: new Response(stream), pulled: () => pulled };
}

describe('the inbound decision tree shared by the adapters', () => {
  it('reads commands as each platform types them, and everything else as text', () => {
    expect(inboundOf(message(telegram, '/start ilot-13'), opts)).toMatchObject({
      kind: 'command',
      command: 'start',
      args: 'ilot-13',
    });
    expect(inboundOf(message(telegram, '/aide@RelaisBot'), opts)).toMatchObject({ kind: 'command', command: 'aide' });
    // Slack keeps "/" for its own slash commands: "!" works there, not on Telegram.
    expect(inboundOf(message(slack, '!aide'), opts)).toMatchObject({ kind: 'command', command: 'aide', args: '' });
    expect(inboundOf(message(telegram, '!aide'), opts)).toMatchObject({ kind: 'text', text: '!aide' });
    expect(inboundOf(message(slack, "c'est quoi un DTG ?"), opts)).toMatchObject({ kind: 'text' });
  });

  it('says "too long" past the limit and "media" for a message without text', () => {
    expect(inboundOf(message(telegram, 'x'.repeat(51)), opts)).toMatchObject({ unsupported: 'too_long' });
    expect(inboundOf(message(telegram, 'x'.repeat(50)), opts)).toMatchObject({ kind: 'text' });
    expect(inboundOf(message(telegram), opts)).toMatchObject({ kind: 'unsupported', unsupported: 'media' });
    expect(inboundOf(message(slack, '  '), opts)).toMatchObject({ kind: 'unsupported', unsupported: 'media' });
  });

  it('answers only commands in a group, never chatter, buttons, edits or bots', () => {
    const group = { place: 'group' } as const;
    expect(inboundOf(message(telegram, '/start', group), opts)).toMatchObject({ unsupported: 'group' });
    expect(inboundOf(message(telegram, 'bonjour à tous', group), opts)).toBeUndefined();
    expect(inboundOf({ type: 'button', sender: telegram, place: 'group', value: 'x' }, opts)).toBeUndefined();
    expect(inboundOf({ type: 'edit', sender: telegram }, opts)).toBeUndefined();
    expect(inboundOf(message(slack, 'aide', { fromBot: true }), opts)).toBeUndefined();
    expect(inboundOf({ type: 'button', sender: slack, place: 'private', value: 'q:1' }, opts)).toMatchObject({
      kind: 'choice',
      choice: 'q:1',
    });
  });

  it('gives a document with its caption and declared size, downloaded only when the core asks', async () => {
    let fetched = 0;
    const file = {
      fileName: 'note.md',
      size: 5,
      caption: 'Rosa Parks',
      fetch: async () => {
        fetched++;
        return new Response('# DTG');
      },
    };
    const event = inboundOf(message(telegram, undefined, { file }), opts);
    expect(event).toMatchObject({ kind: 'document', text: 'Rosa Parks', document: { fileName: 'note.md', size: 5 } });
    expect(fetched).toBe(0);
    expect(String(await event!.document!.download())).toBe('# DTG');
  });

  it('stops a download at the limit as bytes arrive, whatever size was declared', async () => {
    const lying = body(10_000, 100);
    const read = downloadCapped({ size: 10, fetch: async () => lying.response }, slack, 1_000);
    await expect(read).rejects.toBeInstanceOf(DocumentTooBig);
    // 11 chunks of 100 bytes go past 1,000; the stream may read one ahead, never the 100 of the whole file.
    expect(lying.pulled()).toBeLessThanOrEqual(13);
    const honest = body(1_000, 100);
    expect((await downloadCapped({ fetch: async () => honest.response }, slack, 1_000)).length).toBe(1_000);
    const missing = downloadCapped({ fetch: async () => new Response('no', { status: 404 }) }, slack);
    await expect(missing).rejects.toThrow(/slack file download failed: 404/);
  });
});
