import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { Api, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../../src/bots/telegram/httpClient.js';
import { freePort } from '../../support/ports.js';

describe("the bot's HTTP client (grammY over undici)", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function botApi(answer: (method: string, body: string, type: string) => [number, unknown] | 'hang') {
    const port = await freePort();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = /\/(\w+)$/.exec(req.url ?? '')![1]!;
        const a = answer(method, Buffer.concat(chunks).toString(), String(req.headers['content-type']));
        if (a === 'hang') return;
        res.writeHead(a[0], { 'content-type': 'application/json' }).end(JSON.stringify(a[1]));
      });
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    return new Api('42:test', { apiRoot: `http://127.0.0.1:${port}`, fetch: botApiFetch() });
  }

  it('sends a message and a file, and hands grammY the answer or the refusal with its retry delay', async () => {
    const api = await botApi((method, body, type) => {
      if (method === 'sendMessage' && JSON.parse(body).text === 'trop vite')
        return [429, { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3 } }];
      if (method === 'sendMessage')
        return [200, { ok: true, result: { message_id: 7, date: 0, chat: { id: 1, type: 'private' } } }];
      expect(type).toMatch(/^multipart\/form-data/);
      expect(body).toContain('BEGIN:VCALENDAR');
      return [200, { ok: true, result: { message_id: 8, date: 0, chat: { id: 1, type: 'private' } } }];
    });
    expect((await api.sendMessage(1, 'Tout va bien ?')).message_id).toBe(7);
    const file = new InputFile(Readable.from(['BEGIN:VCALENDAR\n']), 'reunion.ics');
    expect((await api.sendDocument(1, file)).message_id).toBe(8);
    await expect(api.sendMessage(1, 'trop vite')).rejects.toMatchObject({
      error_code: 429,
      parameters: { retry_after: 3 },
    });
  });

  it('fails a call the network cannot carry, and one that takes longer than allowed', async () => {
    const port = await freePort();
    const nobody = new Api('42:test', { apiRoot: `http://127.0.0.1:${port}`, fetch: botApiFetch() });
    await expect(nobody.sendMessage(1, 'x')).rejects.toThrow(/Network request for 'sendMessage' failed/);
    const slow = await botApi(() => 'hang');
    // grammY types its signal as the abort-controller package's; Node's own is what it gets at run time.
    const signal = AbortSignal.timeout(200) as unknown as Parameters<typeof slow.sendMessage>[3];
    await expect(slow.sendMessage(1, 'x', undefined, signal)).rejects.toThrow(/sendMessage/);
  });
});
