import { Agent, request } from 'undici';
import type { ApiClientOptions } from 'grammy';

/** Connections kept open to the Bot API: replies and deliveries go out concurrently. */
const CONNECTIONS = 32;

/**
 * grammY's calls to the Bot API over undici's `request`, the HTTP client Node's own fetch is built on, without
 * the WHATWG streams and node-fetch's layers: a third of the CPU the bot spent per update went into node-fetch
 * and Node's http client for its one or two calls. grammY only ever reads the answer's JSON (or its failure),
 * so that and `ok` are all the answer offers; network errors and aborts reject as with fetch, and grammY's
 * auto-retry and timeouts work unchanged.
 */
export function botApiFetch(): NonNullable<ApiClientOptions['fetch']> {
  const dispatcher = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  const call = async (url: string | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      // undici manages the connection itself and refuses the header grammY adds for node-fetch.
      if (name.toLowerCase() !== 'connection') headers[name] = value;
    }
    const res = await request(url, {
      dispatcher,
      method: (init.method ?? 'GET') as 'GET',
      headers,
      body: init.body as string | undefined,
      signal: init.signal ?? undefined,
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      json: () => res.body.json(),
    };
  };
  return call as unknown as NonNullable<ApiClientOptions['fetch']>;
}
