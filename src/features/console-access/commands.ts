import type { AppContext } from '../context.js';
import { ConsoleAccess } from '../../console/sessions.js';
import type { Feature, ConversationKit } from '../feature.js';

/**
 * /console: an eco-manager gets a one-time link to the web console (src/console/), bound to the identity that
 * asked; a resident gets the usual refusal.
 */
export const consoleAccess = (
  ctx: Pick<AppContext, 'config' | 'db' | 'now' | 'audit'>,
  kit: ConversationKit,
): Feature => {
  const access = new ConsoleAccess(ctx.db, ctx.now);
  return {
    id: 'console-access',
    help: [{ at: 30, key: 'help.console', managers: true }],
    commands: [
      {
        words: ['console'],
        async run({ person, identity, env }) {
          if (!env.managedQuartiers.length) return kit.refuse(person, env, 'console');
          if (!ctx.config.console) return [{ text: env.t('console.off') }];
          const token = await access.issue(identity.id);
          const url = `${ctx.config.console.url}/connexion?t=${token}`;
          return [{ text: env.t('console.link', { url }) }];
        },
      },
    ],
  };
};
