import { afterEach, describe, expect, it } from 'vitest';
import { telegramSender } from '../../../src/bots/telegram/telegramSender.js';
import { RateLimited, RecipientUnreachable } from '../../../src/bots/outbound.js';
import { freePort } from '../../support/ports.js';
import { startFlakyTelegram } from '../../support/telegramFlakyServer.js';

/** The proactive sender (grammY over undici, httpClient.ts) against the Telegram stand-in: what the platform sees. */
describe('the Telegram sender of proactive messages', () => {
  let tg: Awaited<ReturnType<typeof startFlakyTelegram>> | undefined;
  afterEach(() => tg?.close());

  it('sends the text with its buttons, then the file, and edits a message', async () => {
    tg = await startFlakyTelegram();
    const sender = telegramSender({ token: 't', apiRoot: tg.apiRoot, paidBroadcast: false });
    const sent = await sender.send('301', {
      text: 'Réunion déplacée à jeudi — « salle Rosa Parks »',
      options: [{ value: 'm:1', label: 'Je viens' }],
      attachment: { fileName: 'reunion.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
    });
    expect(sent.messageId).toMatch(/^\d+$/);
    expect(tg.messages).toEqual([
      {
        chatId: '301',
        text: 'Réunion déplacée à jeudi — « salle Rosa Parks »',
        buttons: [expect.objectContaining({ text: 'Je viens', callback_data: 'm:1' })],
      },
    ]);
    expect(tg.documents).toEqual([
      { chatId: '301', fileName: 'reunion.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
    ]);
    await sender.edit('301', sent.messageId, { text: 'Envoyés : 3 / 3' });
    expect(tg.edits).toEqual([{ chatId: '301', messageId: sent.messageId, text: 'Envoyés : 3 / 3' }]);
  });

  it('says when Telegram asks to slow down, and when a person blocked the bot', async () => {
    tg = await startFlakyTelegram({ every429: 2, blocked: new Set(['302']) });
    const sender = telegramSender({ token: 't', apiRoot: tg.apiRoot, paidBroadcast: false });
    await sender.send('301', { text: 'Alerte canicule' });
    const slowDown = await sender.send('303', { text: 'Alerte canicule' }).catch((err: unknown) => err);
    expect(slowDown).toBeInstanceOf(RateLimited);
    expect((slowDown as RateLimited).retryAfterMs).toBe(1000);
    await expect(sender.send('302', { text: 'Alerte canicule' })).rejects.toBeInstanceOf(RecipientUnreachable);
    expect([...tg.delivered.keys()]).toEqual(['301']);
  });

  it('says Telegram is unreachable when nothing answers, without the token in the message', async () => {
    const sender = telegramSender({
      token: '123:secret-token',
      apiRoot: `http://127.0.0.1:${await freePort()}`,
      paidBroadcast: false,
    });
    const err = (await sender.send('301', { text: 'Alerte canicule' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^Telegram unreachable/);
    expect(err.message).not.toContain('secret-token');
  });
});
