import { createServer, type Server } from 'node:http';
import { freePort } from './ports.js';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

/**
 * A local OpenAI-compatible server: `reply` decides what the "model" says to each chat request, `embed`
 * (optional) turns each text into a vector for /embeddings.
 */
export async function startLlmStandIn(reply: (req: ChatRequest) => string, embed?: (text: string) => number[]) {
  const requests: ChatRequest[] = [];
  const embedded: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (embed && req.url?.endsWith('/embeddings')) {
        const { input, encoding_format } = JSON.parse(body) as { input: string | string[]; encoding_format?: string };
        const texts = Array.isArray(input) ? input : [input];
        embedded.push(...texts);
        // The OpenAI client asks for base64 (little-endian float32) unless told otherwise, as the real API allows.
        const encode = (v: number[]) =>
          encoding_format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            model: 'stand-in',
            data: texts.map((t, index) => ({ object: 'embedding', index, embedding: encode(embed(t)) })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
        return;
      }
      if (!req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as ChatRequest;
      requests.push(parsed);
      const content = reply(parsed);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: parsed.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Every text sent to /embeddings. */
    embedded,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
