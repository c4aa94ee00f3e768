import { buildContext } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { Conversation } from '../../src/core/conversation.js';
import { chatFeatures } from '../../src/features/index.js';
import type { InboundEvent, Reply } from '../../src/core/messages.js';
import { createTestSpace, type DbKind } from './env.js';

/** A real app context (real database, real Redis) for in-process tests, with a controllable clock. */
export async function createTestApp(kind: DbKind, extraEnv: Record<string, string> = {}) {
  const space = await createTestSpace(kind, extraEnv);
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const ctx = await buildContext(space.config, { logger: createLogger('silent'), now });
  const conversation = new Conversation(ctx, chatFeatures(ctx));
  return {
    ctx,
    conversation,
    space,
    /** Moves the app's clock forward. */
    advance(ms: number) {
      offsetMs += ms;
    },
    /** A person chatting on a channel; `say` returns the bot's replies. */
    person(userId: string, channel: InboundEvent['channel'] = 'terminal', languageHint?: string) {
      const base = { channel, userId, chatId: `chat-${userId}`, languageHint };
      let lastOptions: Reply['options'] = [];
      const remember = (replies: Reply[]) => {
        const withOptions = replies.filter((r) => r.options?.length);
        if (withOptions.length) lastOptions = withOptions[withOptions.length - 1]!.options;
        return replies;
      };
      return {
        say: async (text: string) =>
          remember(
            await conversation.handle(
              text.startsWith('/')
                ? {
                    ...base,
                    kind: 'command',
                    command: text.slice(1).split(/\s+/)[0]!,
                    args: text.split(/\s+/).slice(1).join(' '),
                  }
                : { ...base, kind: 'text', text },
            ),
          ),
        /** Presses the button whose label matches. */
        press: async (label: RegExp) => {
          const option = lastOptions?.find((o) => label.test(o.label));
          if (!option)
            throw new Error(`No button matching ${label} among: ${lastOptions?.map((o) => o.label).join(' | ')}`);
          return remember(await conversation.handle({ ...base, kind: 'choice', choice: option.value }));
        },
        send: async (event: Partial<InboundEvent>) =>
          remember(await conversation.handle({ ...base, kind: 'text', ...event })),
      };
    },
    async close() {
      await ctx.close();
      await space.cleanup();
    },
  };
}

export const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');

/**
 * The signup of a person supported in Bas-Belleville, living alone, through the buttons: reached by this
 * chat, or by phone when one is given. Returns the replies to *Confirmer*.
 */
export async function joinAsSupported(
  p: { say: (t: string) => Promise<Reply[]>; press: (l: RegExp) => Promise<Reply[]> },
  address: string,
  phone?: string,
) {
  await p.say('/start');
  await p.press(/Bas-Belleville/);
  await p.press(/appelé·e/);
  await p.say(address);
  for (let i = 0; i < 3; i++) await p.press(/Passer/); // building, floor, door
  if (phone) {
    await p.press(/par téléphone/);
    await p.say(phone);
  } else await p.press(/cette conversation/);
  await p.press(/seul·e/);
  await p.press(/Passer/); // the name
  await p.press(/Oui/);
  return p.press(/Confirmer/);
}
