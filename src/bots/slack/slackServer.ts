import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { App } from '@slack/bolt';
import { realTimeMs } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';

type SlackConfig = NonNullable<Config['slack']>;

/** Slack signs each request with its time; one more than 5 minutes away from ours is refused. */
const MAX_CLOCK_SKEW_S = 5 * 60;

export interface RunningSlack {
  /** The HTTP port (HTTP mode), e.g. when 0 was asked for. */
  port?: number;
  stop: () => Promise<void>;
}

/** HTTP mode on SLACK_PORT (/slack/events), or Socket Mode when SLACK_APP_TOKEN is set. */
export async function startSlack(
  app: App,
  config: SlackConfig,
  logger: Logger,
  port = config.port,
): Promise<RunningSlack> {
  if (config.appToken) {
    await app.start();
    logger.info('slack socket mode connected');
    return { stop: () => app.stop().then(() => undefined) };
  }
  const server = (await app.start(port)) as Server;
  // Bolt refuses requests signed more than 5 minutes ago but not ones dated in the future: a replay window
  // an attacker could open with a captured request. Both ways are refused here, before Bolt sees them.
  const bolt = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (
      req.headers['x-slack-request-timestamp'] !== undefined &&
      (!Number.isFinite(ts) || Math.abs(realTimeMs() / 1000 - ts) > MAX_CLOCK_SKEW_S)
    ) {
      logger.warn({ code: 'SLACK_STALE_TIMESTAMP' }, 'slack request outside the 5-minute window refused');
      res.writeHead(401).end();
      return;
    }
    for (const listener of bolt) listener(req, res);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  logger.info({ port: bound }, 'slack HTTP endpoint listening on /slack/events');
  return { port: bound, stop: () => app.stop().then(() => undefined) };
}

/**
 * What identifies one delivery of a Slack request, so that a re-sent (or replayed) one is handled once: the
 * event id of events; for a button, who pressed which button when (Slack's action_ts); for a modal, the view
 * and what it holds; for a slash command, its trigger id.
 */
export function deliveryIdOf(body: unknown): string | undefined {
  const b = body as {
    event_id?: string;
    trigger_id?: string;
    type?: string;
    user?: { id?: string };
    user_id?: string;
    actions?: { action_ts?: string; action_id?: string }[];
    view?: { id?: string; callback_id?: string; private_metadata?: string; state?: unknown };
  };
  if (b.event_id) return b.event_id;
  const action = b.actions?.[0];
  if (b.type === 'block_actions' && action?.action_ts)
    return `action:${b.user?.id ?? ''}:${action.action_id ?? ''}:${action.action_ts}`;
  // A modal sent back after an error keeps its id and hash: what was submitted tells two submissions apart.
  if (b.type === 'view_submission' && b.view?.id) {
    const submitted = JSON.stringify([b.view.callback_id, b.view.private_metadata, b.view.state ?? null]);
    return `view:${b.view.id}:${createHash('sha256').update(submitted).digest('hex').slice(0, 32)}`;
  }
  if (b.trigger_id) return `trigger:${b.trigger_id}`;
  return undefined;
}
