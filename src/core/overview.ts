import type { AppContext } from '../context.js';
import { formatDate } from '../features/feature.js';
import type { FlowEnv } from '../flows/types.js';
import type { Person } from '../storage/people.js';
import { Buttons } from './buttons.js';
import type { OverviewSection, ReplyOption } from './messages.js';
import { dataKey } from '../i18n/translator.js';

/** A person's status at a glance (Slack's App Home): membership, meetings, tips, and the eco-manager's tools. */
export async function overviewOf(
  ctx: Pick<AppContext, 'network' | 'config' | 'meetings' | 'tips'>,
  person: Person,
  env: FlowEnv,
  menu: ReplyOption[],
): Promise<OverviewSection[]> {
  const member = await ctx.network.get(person.id);
  const quartier = ctx.config.quartiers.find((q) => q.id === member?.quartier)?.name ?? member?.quartier;
  const sections: OverviewSection[] = [
    { title: env.t('overview.intro') },
    member
      ? {
          title: env.t('overview.network.title'),
          text: env.t('overview.network.member', {
            quartier: quartier ?? '',
            role: env.t(`network.role.${member.role}`),
          }),
          options: menu,
        }
      : {
          title: env.t('overview.network.title'),
          text: env.t('overview.network.none'),
          options: menu,
        },
  ];
  const meetings = await ctx.meetings.registrationsOf(person.id);
  sections.push({
    title: env.t('overview.meetings.title'),
    text: meetings.length
      ? meetings
          .map(
            (m) =>
              `• ${m.title} — ${formatDate(m.startsAt.toISOString(), env.lang)}` +
              (m.registration === 'waiting' ? ` (${env.t('meetingDesk.status.waiting')})` : ''),
          )
          .join('\n')
      : env.t('overview.meetings.none'),
    options: [{ value: Buttons.command.encode({ command: 'agenda' }), label: env.t('overview.meetings.agenda') }],
  });
  const tips = await ctx.tips.get(person.id);
  sections.push({
    title: env.t('overview.tips.title'),
    text: tips
      ? env.t('overview.tips.active', { weekday: env.t(dataKey(`tipsFlow.weekday.${tips.weekday}`)), time: tips.time })
      : env.t('overview.tips.none'),
    options: tips
      ? [
          { value: Buttons.command.encode({ command: 'tips' }), label: env.t('overview.tips.change') },
          { value: Buttons.command.encode({ command: 'stop' }), label: env.t('tipsDesk.unsubscribe') },
        ]
      : [{ value: Buttons.command.encode({ command: 'tips' }), label: env.t('overview.tips.subscribe') }],
  });
  if (env.managedQuartiers.length) {
    sections.push({
      title: env.t('overview.manager.title'),
      text: env.t('overview.manager.text'),
      options: [
        { value: Buttons.command.encode({ command: 'alerts' }), label: env.t('overview.manager.alerts') },
        { value: Buttons.command.encode({ command: 'followup' }), label: env.t('overview.manager.followup') },
        { value: Buttons.command.encode({ command: 'meetings' }), label: env.t('overview.manager.meetings') },
      ],
    });
  }
  return sections;
}
