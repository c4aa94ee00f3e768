import { soleQuartier } from '../../domain/ecoManagers.js';
import { MeetingDesk } from './desk.js';
import type { AppContext } from '../../context.js';
import type { ConversationKit, Feature } from '../feature.js';

/** Rénovation meetings: the agenda and one-button registration; eco-managers create and manage them. */
export const meetings = (
  ctx: Pick<AppContext, 'audit' | 'flows' | 'logger' | 'meetings' | 'network' | 'now' | 'people' | 'queues' | 'tips'>,
  kit: ConversationKit,
): Feature => {
  const desk = new MeetingDesk(ctx);
  return {
    id: 'meetings',
    help: [
      { at: 10, key: 'help.agenda' },
      { at: 26, key: 'help.event', managers: true },
      { at: 27, key: 'help.events', managers: true },
    ],
    commands: [
      {
        words: ['agenda', 'reunions', 'meetings'],
        menu: { at: 2, fr: 'agenda', en: 'agenda' },
        run: ({ person, env }) => desk.agenda(person, env),
      },
      {
        words: ['evenement', 'event'],
        async run({ person, env, state }) {
          if (!env.managedQuartiers.length) return kit.refuse(person, env, 'evenement');
          if (state) await ctx.flows.cancel(state);
          const only = soleQuartier(env.managedQuartiers);
          return ctx.flows.start('meeting-create', env, only ? { preset: { quartier: only } } : {});
        },
      },
      {
        words: ['evenements', 'events'],
        async run({ person, env }) {
          if (!env.managedQuartiers.length) return kit.refuse(person, env, 'evenements');
          return desk.manage(env);
        },
      },
    ],
    press(b, { person, env }) {
      if (b.kind === 'meeting') {
        return b.action === 'register'
          ? desk.register(person, env, b.meetingId)
          : desk.cancelRegistration(person, env, b.meetingId);
      }
      if (b.kind === 'meetingadmin') return desk.admin(person, env, b.action, b.meetingId);
      return undefined;
    },
    forms: [
      {
        flowId: 'meeting-create',
        title: 'meetingFlow.form.title',
        command: 'evenement',
        allowed: (env) => env.managedQuartiers.length > 0,
      },
    ],
  };
};
