import type { AppContext } from '../../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowEnv } from '../../flows/types.js';
import type { ConversationKit, Feature } from '../feature.js';
import { renderPoster } from './poster.js';

type PosterDeps = Pick<AppContext, 'config' | 'telegramBotUsername' | 'audit'>;

/** One poster per quartier the eco-manager manages, for the whole quartier or one building (`/affiche 12 rue …`). */
export async function postersFor(deps: PosterDeps, env: FlowEnv, building?: string): Promise<Reply[] | undefined> {
  const bot = await deps.telegramBotUsername();
  if (!bot) return undefined;
  const replies: Reply[] = [];
  for (const id of env.managedQuartiers) {
    const quartier = deps.config.quartiers.find((q) => q.id === id);
    if (!quartier) continue;
    const { pdf: content } = await renderPoster({ quartier, botUsername: bot, building }, env.t);
    replies.push({
      text: building
        ? env.t('poster.sentBuilding', { quartier: quartier.name, building })
        : env.t('poster.sent', { quartier: quartier.name }),
      attachment: { fileName: `affiche-${id}.pdf`, mimeType: 'application/pdf', content },
    });
  }
  return replies;
}

/** Posters for building halls: the network's first contact with people who do not use a chat yet. */
export const posters = (ctx: PosterDeps, kit: ConversationKit): Feature => ({
  id: 'posters',
  help: [{ at: 25, key: 'help.poster', managers: true }],
  commands: [
    {
      words: ['affiche', 'poster'],
      async run({ person, env, args }) {
        if (!env.managedQuartiers.length) return kit.refuse(person, env, 'affiche');
        const building = args.trim().slice(0, 60) || undefined;
        const replies = await postersFor(ctx, env, building);
        if (!replies) return [{ text: env.t('poster.noBot') }];
        await ctx.audit.record(person.id, 'poster.create', { quartiers: env.managedQuartiers, building: !!building });
        return replies;
      },
    },
  ],
});
