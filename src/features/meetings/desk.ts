import type { AppContext } from '../context.js';
import type { FlowEnv } from '../../flows/types.js';
import type { Person } from '../../storage/people.js';
import type { Reply } from '../../core/messages.js';
import { meetingCalendarFile } from './meetingCalendar.js';
import { cancelOption, meetingParams, registerOption } from './texts.js';
import type { Meeting } from './renovationMeetings.js';
import { cancelMeeting } from './meetingFlows.js';
import { commandButton } from '../../core/buttonCodec.js';
import { meetingButtons } from './buttons.js';

/**
 * The meetings side of the conversation: residents' agenda, registration and cancellation (one button
 * each), and the eco-managers' list of their meetings with move / cancel / follow-up.
 */
export class MeetingDesk {
  constructor(
    private readonly ctx: Pick<
      AppContext,
      'audit' | 'flows' | 'logger' | 'meetings' | 'network' | 'now' | 'people' | 'queues' | 'tips'
    >,
  ) {}

  /** /agenda: the coming meetings of the person's quartier (all quartiers if we do not know theirs). */
  async agenda(person: Person, env: FlowEnv): Promise<Reply[]> {
    const quartier =
      (await this.ctx.network.get(person.id))?.quartier ?? (await this.ctx.tips.get(person.id))?.quartier;
    const meetings = await this.ctx.meetings.upcoming(quartier ? [quartier] : undefined, 5);
    if (!meetings.length) return [{ text: env.t('meetingDesk.noneComing') }];
    const replies: Reply[] = [{ text: env.t('meetingDesk.agendaIntro') }];
    for (const m of meetings) replies.push(await this.card(m, person, env));
    return replies;
  }

  private async card(m: Meeting, person: Person, env: FlowEnv): Promise<Reply> {
    const status = await this.ctx.meetings.registrationOf(m.id, person.id);
    const { registered } = await this.ctx.meetings.counts(m.id);
    const places =
      m.capacity === null
        ? ''
        : env.t('meetingDesk.places', {
            left: String(Math.max(0, m.capacity - registered)),
            capacity: String(m.capacity),
          });
    const text =
      env.t('meetingDesk.card', meetingParams(m, env.t, env.lang)) +
      (places ? `\n${places}` : '') +
      (status ? `\n${env.t(`meetingDesk.status.${status}`)}` : '');
    return { text, options: [status ? cancelOption(m, env.t) : registerOption(m, env.t)] };
  }

  /** A meeting is for its quartier: who has one elsewhere may not see it (a forged button gets "unknown"). */
  private async maySee(person: Person, env: FlowEnv, meetingId: string): Promise<boolean> {
    const m = await this.ctx.meetings.get(meetingId);
    if (!m) return false;
    if (env.managedQuartiers.includes(m.quartier)) return true;
    const quartier =
      (await this.ctx.network.get(person.id))?.quartier ?? (await this.ctx.tips.get(person.id))?.quartier;
    return !quartier || quartier === m.quartier;
  }

  async register(person: Person, env: FlowEnv, meetingId: string): Promise<Reply[]> {
    if (!(await this.maySee(person, env, meetingId))) {
      this.ctx.logger.warn(
        { person: person.id, meeting: meetingId, code: 'FORBIDDEN_BUTTON' },
        'meeting of another quartier refused',
      );
      await this.ctx.audit.record(person.id, 'meeting.denied', { meeting: meetingId });
      return [{ text: env.t('meetingDesk.refused.unknown') }];
    }
    const outcome = await this.ctx.meetings.register(meetingId, person.id);
    if ('refused' in outcome) return [{ text: env.t(`meetingDesk.refused.${outcome.refused}`) }];
    const m = (await this.ctx.meetings.get(meetingId))!;
    const params = meetingParams(m, env.t, env.lang);
    if (outcome.status === 'waiting') {
      return [
        {
          text: env.t(outcome.already ? 'meetingDesk.alreadyWaiting' : 'meetingDesk.waiting', {
            ...params,
            position: String(outcome.position ?? ''),
          }),
          options: [cancelOption(m, env.t)],
        },
      ];
    }
    if (outcome.already)
      return [{ text: env.t('meetingDesk.alreadyRegistered', params), options: [cancelOption(m, env.t)] }];
    await this.ctx.audit.record(person.id, 'meeting.register', { meeting: m.id });
    const key = m.reminders.length ? 'meetingDesk.registered' : 'meetingDesk.registeredNoReminder';
    return [{ text: env.t(key, params), options: [cancelOption(m, env.t)], attachment: meetingCalendarFile(m, env.t) }];
  }

  /** "Je ne peux plus venir": frees the place, which goes to the first on the waiting list (told at once). */
  async cancelRegistration(person: Person, env: FlowEnv, meetingId: string): Promise<Reply[]> {
    const { was, promoted } = await this.ctx.meetings.unregister(meetingId, person.id);
    if (!was) return [{ text: env.t('meetingDesk.notRegistered') }];
    await this.ctx.audit.record(person.id, 'meeting.unregister', { meeting: meetingId });
    if (promoted) {
      const p = await this.ctx.people.byId(promoted);
      if (p)
        await this.ctx.queues.deliveries.enqueue([
          {
            key: `mp-${meetingId}-${p.id}-${this.ctx.now().getTime()}`,
            kind: 'meeting-promoted',
            ref: meetingId,
            personId: p.id,
            channel: p.channel,
          },
        ]);
    }
    return [{ text: env.t('meetingDesk.unregistered') }];
  }

  /** /evenements: the eco-manager's meetings with their figures and what can be done with each. */
  async manage(env: FlowEnv): Promise<Reply[]> {
    const meetings = await this.ctx.meetings.ofQuartiers(env.managedQuartiers, 10);
    if (!meetings.length) return [{ text: env.t('meetingDesk.noneMine') }];
    const replies: Reply[] = [];
    for (const m of meetings) {
      const c = await this.ctx.meetings.counts(m.id);
      const past = m.endsAt <= this.ctx.now();
      const text = env.t('meetingDesk.manageCard', {
        ...meetingParams(m, env.t, env.lang),
        registered: String(c.registered),
        waiting: String(c.waiting),
        status: env.t(`meetingDesk.state.${m.status}`),
      });
      const options =
        m.status !== 'scheduled'
          ? []
          : past
            ? [
                {
                  value: meetingButtons.meetingAdmin.encode({ action: 'followup', meetingId: m.id }),
                  label: env.t('meetingDesk.sendFollowup'),
                },
              ]
            : [
                {
                  value: meetingButtons.meetingAdmin.encode({ action: 'move', meetingId: m.id }),
                  label: env.t('meetingDesk.move'),
                },
                {
                  value: meetingButtons.meetingAdmin.encode({ action: 'cancel', meetingId: m.id }),
                  label: env.t('meetingDesk.cancel'),
                },
              ];
      replies.push({ text, ...(options.length ? { options } : {}) });
    }
    return replies;
  }

  /** Buttons of the eco-manager's list; each checks the meeting is in one of their quartiers. */
  async admin(person: Person, env: FlowEnv, action: string, meetingId: string): Promise<Reply[]> {
    const m = await this.ctx.meetings.get(meetingId);
    if (!m || !env.managedQuartiers.includes(m.quartier)) {
      await this.ctx.audit.record(person.id, 'meeting.denied', { action });
      return [{ text: env.t('alertDesk.notAllowed') }];
    }
    const state = await this.ctx.flows.active(person.id);
    switch (action) {
      case 'move':
        if (state) await this.ctx.flows.cancel(state);
        return this.ctx.flows.start('meeting-move', env, { preset: { meetingId } });
      case 'followup':
        if (state) await this.ctx.flows.cancel(state);
        return this.ctx.flows.start('meeting-followup', env, { preset: { meetingId } });
      case 'cancel':
        return [
          {
            text: env.t('meetingDesk.confirmCancel', meetingParams(m, env.t, env.lang)),
            options: [
              {
                value: meetingButtons.meetingAdmin.encode({ action: 'cancelyes', meetingId: m.id }),
                label: env.t('meetingDesk.cancelYes'),
              },
              { value: commandButton.encode({ command: 'meetings' }), label: env.t('meetingDesk.cancelNo') },
            ],
          },
        ];
      case 'cancelyes': {
        if (m.status === 'cancelled') return [{ text: env.t('meetingDesk.alreadyCancelled') }];
        const told = await cancelMeeting(
          { meetings: this.ctx.meetings, meetingJobs: this.ctx.queues.meetings },
          m,
          person.id,
        );
        return [{ text: env.t('meetingDesk.cancelled', { count: String(told) }) }];
      }
      default:
        return [{ text: env.t('menu.notUnderstood') }];
    }
  }
}
