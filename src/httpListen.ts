import type { Server } from 'node:http';

/** An HTTP server listening: its port (the one given, or the one chosen for 0) and how to stop it. */
export interface Listening {
  port: number;
  /** Closes the server and every open connection (keep-alive ones too), so a shutdown never waits on them. */
  stop: () => Promise<void>;
}

/** Starts `app` (an express app or any request listener host) on host:port; rejects if the port is taken. */
export async function listen(
  app: { listen: (port: number, host: string, ready: () => void) => Server },
  port: number,
  host: string,
): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
