import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { createTestApp, texts } from '../../support/context.js';
import { eventually, queuesIdle } from '../../support/env.js';
import { createWorkingApp } from '../../support/workingApp.js';
import { MeetingJobs } from '../../../src/features/meetings/worker.js';
import type { NewMeeting } from '../../../src/features/meetings/renovationMeetings.js';
import { moveMeeting } from '../../../src/features/meetings/meetingFlows.js';

const HOUR = 3600_000;

describe('rénovation meetings: create, register, remind, move, cancel, waiting list', () => {
  let w: Awaited<ReturnType<typeof createWorkingApp>>;
  let app: typeof w.app;
  let tg: typeof w.tg;
  beforeEach(async () => {
    w = await createWorkingApp({ ECO_MANAGERS: 'telegram:9001:ilot-13' });
    ({ app, tg } = w);
  });
  afterEach(() => w.close());

  const member = async (userId: string, role = 'supported', address = '5 rue des Lilas') => {
    const p = await app.ctx.people.findOrCreate('telegram', userId, userId, 'fr');
    await app.ctx.network.join(p.id, {
      quartier: 'ilot-13',
      role: role as never,
      address,
      phone: null,
      availability: role === 'volunteer' ? 'anytime' : null,
      needs: role === 'supported' ? 'none' : null,
    });
    return p;
  };
  const manager = () => app.person('9001', 'telegram');
  const messagesTo = (chatId: string) => w.messagesTo(chatId);
  const pressOn = (userId: string, pattern: RegExp) => w.press(userId, pattern);
  const meeting = async (startsInMs: number, extra: Partial<NewMeeting> = {}) => {
    const creator = await app.ctx.people.findOrCreate('telegram', '9001', '9001', 'fr');
    const startsAt = new Date(Date.now() + startsInMs);
    const m = await app.ctx.meetings.create(
      {
        kind: 'balade',
        title: 'Balade thermique rue des Lilas',
        quartier: 'ilot-13',
        place: 'Square des Lilas',
        startsAt,
        endsAt: new Date(startsAt.getTime() + HOUR),
        capacity: null,
        invite: { audience: 'none' },
        reminders: ['P2D', 'PT2H'],
        ...extra,
      },
      creator.id,
    );
    await app.ctx.queues.meetings.scheduleReminders(m);
    return m;
  };

  it('an eco-manager creates a meeting with the flow; invited members get it and register with one button and an .ics', async () => {
    await member('101', 'supported', '5 rue des Lilas');
    await member('102', 'volunteer', '12 rue des Lilas');
    await member('103', 'supported', '3 avenue de Choisy'); // another street: not invited
    const eco = manager();
    expect(texts(await eco.say('/evenement'))).toMatch(/de quel type/);
    await eco.press(/Balade thermique/);
    // One quartier: not asked which.
    expect(texts(await eco.say('Balade thermique : où part la chaleur ?'))).toMatch(/Où \?/);
    await eco.say('Square des Lilas');
    expect(texts(await eco.say('hier à midi'))).toMatch(/Je n'ai pas compris cette date/); // refused, same question
    const start = new Date(Date.now() + 10 * 86_400_000);
    const typed = `${new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(start)} 18:30`;
    await eco.say(typed);
    await eco.press(/^1h30$/);
    await eco.say('20');
    await eco.press(/Tout le réseau/);
    expect(texts(await eco.say('rue des Lilas'))).toMatch(/Quand rappeler/);
    const preview = texts(await eco.press(/Rappels habituels/));
    expect(preview).toMatch(/Rappels : 2\sjours, 2\sheures avant/);
    expect(preview).toMatch(/Personnes prévenues maintenant : 2/);
    expect(preview).toMatch(/Places : 20/);
    expect(texts(await eco.press(/Publier/))).toMatch(/est publié/);

    await eventually(
      () => messagesTo('101').some((m) => /Vous êtes invité/.test(m.text)) && messagesTo('102').length > 0,
      10_000,
      'invitations',
    );
    expect(messagesTo('103')).toHaveLength(0);
    const replies = await pressOn('101', /Je m'inscris/);
    expect(texts(replies)).toMatch(/vous êtes inscrit·e à « Balade thermique : où part la chaleur \? »/);
    const ics = replies.find((r) => r.attachment)?.attachment;
    expect(ics?.mimeType).toBe('text/calendar');
    // Parsed back with a calendar library: the same instant, title and place.
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(String(ics!.content))).getFirstSubcomponent('vevent')!);
    const [m] = await app.ctx.meetings.upcoming(['ilot-13']);
    expect(event.startDate.toJSDate().toISOString()).toBe(m!.startsAt.toISOString());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(90 * 60_000);
    expect(event.summary).toMatch(/Balade thermique/);
    expect(event.location).toBe('Square des Lilas');
    expect(
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(
        event.startDate.toJSDate(),
      ),
    ).toBe('18:30');
    // Twice is once.
    expect(texts(await pressOn('101', /Je m'inscris/))).toMatch(/déjà inscrit·e/);
    // Two reminders wait in BullMQ, two days and two hours before.
    const jobs = await app.ctx.queues.meetings.reminderJobs(m!);
    expect(jobs.map((j) => j.reminder).sort()).toEqual(['P2D', 'PT2H']);
    // A resident cannot create one.
    expect(texts(await app.person('555', 'telegram').say('/evenement'))).toMatch(/réservée aux éco-gestionnaires/);
  });

  it('sends the reminder at its time to those registered; registering after it never brings a reminder about the past', async () => {
    const a = await member('201');
    const b = await member('202');
    const m = await meeting(2 * HOUR + 2500); // the 2-hour reminder is due in 2.5 s
    expect(await app.ctx.meetings.register(m.id, a.id)).toEqual({ status: 'registered' });
    await eventually(() => messagesTo('201').find((x) => /Rappel/.test(x.text)), 10_000, 'reminder');
    const reminder = messagesTo('201').find((x) => /Rappel/.test(x.text))!;
    expect(reminder.text).toMatch(/Square des Lilas/);
    expect(reminder.buttons.map((x) => x.text)).toEqual(['Je ne peux plus venir']);
    // Registering now, after the reminder's time: no reminder at all.
    await app.ctx.meetings.register(m.id, b.id);
    const late = await meeting(2 * HOUR - 5000);
    await app.ctx.meetings.register(late.id, b.id);
    expect(await app.ctx.queues.meetings.reminderJobs(late)).toEqual([]);
    await eventually(
      () => queuesIdle([app.ctx.queues.meetings.queue, app.ctx.queues.deliveries.queue('telegram')]),
      10_000,
      'reminders and deliveries done',
    );
    expect(messagesTo('202').filter((x) => /Rappel/.test(x.text))).toHaveLength(0);
    expect(messagesTo('201').filter((x) => /Rappel/.test(x.text))).toHaveLength(1);
    // "Je ne peux plus venir" frees the place.
    expect(texts(await pressOn('201', /Je ne peux plus venir/))).toMatch(/votre place est libérée/);
    expect(await app.ctx.meetings.registrationOf(m.id, a.id)).toBeUndefined();
  });

  it(
    'moving a meeting moves its reminders and tells those registered (with ' +
      'a new .ics); cancelling tells them and removes the reminders',
    async () => {
      const a = await member('301');
      const m = await meeting(2 * HOUR + 60_000); // reminder in a minute
      await app.ctx.meetings.register(m.id, a.id);
      // Its 2-hour reminder falls due in 5 s: enough for the move to schedule it before that on a busy machine.
      const newStart = new Date(Date.now() + 2 * HOUR + 5000);
      await moveMeeting(
        { meetings: app.ctx.meetings, meetingJobs: app.ctx.queues.meetings },
        m.id,
        newStart,
        new Date(newStart.getTime() + HOUR),
        'test',
      );
      const moved = (await app.ctx.meetings.get(m.id))!;
      const jobs = await app.ctx.queues.meetings.reminderJobs(moved);
      expect(jobs).toHaveLength(1); // the 2-hour one; the 2-day one is past
      expect(Math.abs(jobs[0]!.runsAt.getTime() - (newStart.getTime() - 2 * HOUR))).toBeLessThan(50);
      expect(await app.ctx.queues.meetings.reminderJobs(m)).toHaveLength(0); // the old start's jobs are gone
      await eventually(
        () => messagesTo('301').find((x) => /Changement d'horaire/.test(x.text)),
        10_000,
        'moved notice',
      );
      await eventually(() => tg.documents.find((d) => d.chatId === '301'), 10_000, 'updated .ics');
      await eventually(() => messagesTo('301').find((x) => /Rappel/.test(x.text)), 10_000, 'reminder at the new time');

      const b = await member('302');
      const c = await meeting(5 * 86_400_000);
      await app.ctx.meetings.register(c.id, b.id);
      expect(await app.ctx.queues.meetings.reminderJobs(c)).toHaveLength(2);
      const eco = manager();
      const list = await eco.say('/evenements');
      expect(texts(list)).toMatch(/inscrits : 1/);
      await eco.press(/Annuler le rendez-vous/);
      expect(texts(await eco.press(/Oui, annuler/))).toMatch(
        /Rendez-vous annulé\. 1 personne prévenue, rappels supprimés\./,
      );
      await eventually(() => messagesTo('302').find((x) => /Annulé/.test(x.text)), 10_000, 'cancellation notice');
      expect(await app.ctx.queues.meetings.reminderJobs(c)).toHaveLength(0);
      expect(await app.ctx.meetings.upcoming(['ilot-13'])).toHaveLength(1); // only the moved one is left
    },
  );

  it('a full meeting puts people on a waiting list; a freed place goes to the first, who is told', async () => {
    const [a, b, c] = [await member('401'), await member('402'), await member('403')];
    const m = await meeting(3 * 86_400_000, { capacity: 1 });
    expect(await app.ctx.meetings.register(m.id, a.id)).toEqual({ status: 'registered' });
    expect(await app.ctx.meetings.register(m.id, b.id)).toEqual({ status: 'waiting', position: 1 });
    expect(await app.ctx.meetings.register(m.id, c.id)).toEqual({ status: 'waiting', position: 2 });
    const agenda = texts(await app.person('401', 'telegram').say('/agenda'));
    expect(agenda).toMatch(/Places libres : 0 sur 1/);
    expect(agenda).toMatch(/Vous êtes inscrit·e/);
    await app.conversation.handle({
      channel: 'telegram',
      userId: '401',
      chatId: '401',
      kind: 'choice',
      choice: `meeting:cancel:${m.id}`,
    });
    expect(await app.ctx.meetings.registrationOf(m.id, b.id)).toBe('registered');
    expect(await app.ctx.meetings.registrationOf(m.id, c.id)).toBe('waiting');
    await eventually(
      () => messagesTo('402').find((x) => /une place s'est libérée/.test(x.text)),
      10_000,
      'promotion notice',
    );
    await eventually(() => tg.documents.find((d) => d.chatId === '402'), 10_000, '.ics for the promoted person');
    expect(messagesTo('403')).toHaveLength(0);
  });

  it('follow-up after the meeting goes to those who registered', async () => {
    const a = await member('501');
    const m = await meeting(3 * HOUR);
    await app.ctx.meetings.register(m.id, a.id);
    await app.ctx.db
      .updateTable('events')
      .set({
        starts_at: new Date(Date.now() - 2 * HOUR).toISOString(),
        ends_at: new Date(Date.now() - HOUR).toISOString(),
      })
      .where('id', '=', m.id)
      .execute();
    const eco = manager();
    await eco.say('/evenements');
    expect(texts(await eco.press(/compte rendu/))).toMatch(/Quel message/);
    expect(texts(await eco.say('Merci à tous ! Le support est sur le site de la mairie.'))).toMatch(
      /envoyé à 1 participant/,
    );
    await eventually(
      () => messagesTo('501').find((x) => /Le support est sur le site/.test(x.text)),
      10_000,
      'follow-up',
    );
  });
});

describe('reminder times across daylight saving', () => {
  it('the delayed BullMQ job of a DST-crossing meeting runs at that exact instant', async () => {
    const app = await createTestApp('sqlite');
    const now = new Date('2027-03-20T12:00:00Z');
    const jobs = new MeetingJobs(app.ctx.redis, app.space.config.redis.prefix, () => now);
    try {
      const creator = await app.ctx.people.findOrCreate('telegram', '9', '9', 'fr');
      const m = await app.ctx.meetings.create(
        {
          kind: 'ag',
          title: 'AG copropriété',
          quartier: 'ilot-13',
          place: 'Salle des fêtes',
          startsAt: new Date('2027-03-29T08:00:00Z'),
          endsAt: new Date('2027-03-29T10:00:00Z'),
          capacity: null,
          invite: { audience: 'none' },
          reminders: ['P2D', 'PT2H'],
        },
        creator.id,
      );
      expect(await jobs.scheduleReminders(m)).toBe(2);
      const scheduled = Object.fromEntries((await jobs.reminderJobs(m)).map((j) => [j.reminder, j]));
      expect(scheduled.P2D!.runsAt.toISOString()).toBe('2027-03-27T09:00:00.000Z');
      expect(scheduled.PT2H!.runsAt.toISOString()).toBe('2027-03-29T06:00:00.000Z');
      // The job's delay is exactly the time from now to that instant (165 h, not 166: one hour was skipped).
      expect(scheduled.P2D!.delayMs).toBe(new Date('2027-03-27T09:00:00Z').getTime() - now.getTime());
      await jobs.unscheduleReminders(m);
    } finally {
      await jobs.close();
      await app.close();
    }
  });
});
