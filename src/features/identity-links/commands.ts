import { IdentityLinks } from './identityLinks.js';
import type { AppContext } from '../context.js';
import type { Feature } from '../feature.js';

/** /lier: one person on Telegram and Slack links the two identities with a one-time code. */
export const identityLinks = (
  ctx: Pick<AppContext, 'audit' | 'config' | 'logger' | 'network' | 'people' | 'queues' | 'redis'>,
): Feature => {
  const links = new IdentityLinks({
    redis: ctx.redis,
    prefix: ctx.config.redis.prefix,
    ttlMs: ctx.config.linkCodeMs,
    people: ctx.people,
    network: ctx.network,
    audit: ctx.audit,
    logger: ctx.logger,
    notifyOwner: (owner, other) =>
      ctx.queues.deliveries.enqueue([
        {
          key: `link-${owner.id}-${other.id}`,
          kind: 'link-notice',
          ref: other.channel,
          personId: owner.id,
          channel: owner.channel,
        },
      ]),
  });
  return {
    id: 'identity-links',
    help: [{ at: 9, key: 'help.link' }],
    commands: [
      {
        words: ['lier', 'link'],
        // The identity that wrote, not the member it may already be linked to.
        async run({ identity, env, args }) {
          if (!args.trim()) {
            const code = await links.issue(identity);
            const minutes = String(Math.round(ctx.config.linkCodeMs / 60_000));
            return [{ text: env.t('link.code', { code, minutes }) }];
          }
          return [{ text: env.t(`link.${await links.redeem(args, identity)}`) }];
        },
      },
    ],
  };
};
