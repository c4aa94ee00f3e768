import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import type { FlowEnv } from '../../flows/types.js';
import type { ConversationKit, Feature } from '../feature.js';
import { MAX_BUILDING, PosterBuildings } from '../../storage/posterBuildings.js';
import { renderPoster } from './poster.js';

type PosterDeps = Pick<AppContext, 'config' | 'db' | 'now' | 'telegramBotUsername' | 'audit'>;

/**
 * One poster per quartier the eco-manager manages, for the whole quartier or one building (`/affiche 12 rue …`):
 * the building's link carries a short code stored in the database. Without a Telegram bot, a poster without a
 * QR code (the Slack app and the eco-manager's contact), and the eco-manager is told why.
 */
export async function postersFor(deps: PosterDeps, env: FlowEnv, building?: string): Promise<Reply[]> {
  const bot = await deps.telegramBotUsername();
  const buildings = new PosterBuildings(deps.db, deps.now);
  const replies: Reply[] = [];
  for (const id of env.managedQuartiers) {
    const quartier = deps.config.quartiers.find((q) => q.id === id);
    if (!quartier) continue;
    const buildingCode = building ? await buildings.codeFor(id, building) : undefined;
    const { pdf: content } = await renderPoster({ quartier, botUsername: bot, building, buildingCode }, env.t);
    const sent = building
      ? env.t('poster.sentBuilding', { quartier: quartier.name, building })
      : env.t('poster.sent', { quartier: quartier.name });
    replies.push({
      text: bot ? sent : `${sent}\n${env.t('poster.noBot')}`,
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
        const building = args.trim().slice(0, MAX_BUILDING) || undefined;
        const replies = await postersFor(ctx, env, building);
        await ctx.audit.record(person.id, 'poster.create', { quartiers: env.managedQuartiers, building: !!building });
        return replies;
      },
    },
  ],
});
