import { soleQuartier } from '../../domain/ecoManagers.js';
import { MeetingDesk } from './desk.js';
import type { AppContext } from '../context.js';
import { answerButtons, type ConversationKit, type Feature, formatDate } from '../feature.js';
import { commandButton } from '../../core/buttonCodec.js';
import { meetingButtons } from './buttons.js';

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
    buttons: answerButtons(meetingButtons, (b, { person, env }) => {
      if (b.kind === 'meetingadmin') return desk.admin(person, env, b.action, b.meetingId);
      return b.action === 'register'
        ? desk.register(person, env, b.meetingId)
        : desk.cancelRegistration(person, env, b.meetingId);
    }),
    overview: [
      {
        // Slack's App Home: the meetings they registered for (or wait for), and the agenda.
        at: 2,
        async section(person, env) {
          const meetings = await ctx.meetings.registrationsOf(person.id);
          const line = (m: (typeof meetings)[number]) =>
            `• ${m.title} — ${formatDate(m.startsAt.toISOString(), env.lang)}` +
            (m.registration === 'waiting' ? ` (${env.t('meetingDesk.status.waiting')})` : '');
          return {
            title: env.t('overview.meetings.title'),
            text: meetings.length ? meetings.map(line).join('\n') : env.t('overview.meetings.none'),
            options: [{ value: commandButton.encode({ command: 'agenda' }), label: env.t('overview.meetings.agenda') }],
          };
        },
      },
    ],
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
