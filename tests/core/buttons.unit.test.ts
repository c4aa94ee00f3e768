import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commandButton, decodeAmong, MAX_BUTTON_BYTES } from '../../src/core/buttonCodec.js';
import { heatAlertButtons } from '../../src/features/heat-alerts/buttons.js';
import { meetingButtons } from '../../src/features/meetings/buttons.js';
import { networkButtons } from '../../src/features/network/buttons.js';
import { faqButtons } from '../../src/features/faq/buttons.js';

/** Every codec-built button: the core's command button, then each feature's (features/<feature>/buttons.ts). */
const Buttons = {
  command: commandButton,
  ...heatAlertButtons,
  ...meetingButtons,
  ...networkButtons,
  ...faqButtons,
} as const;
/** The button a value stands for, as the conversation finds it (the command, then each feature's codecs). */
const decodeButton = (raw: string) => decodeAmong(Buttons, raw);

const id = () => randomUUID(); // every id in Relais is a UUID: 36 characters
/** Every kind of button with its longest realistic fields. */
const LONGEST = [
  Buttons.command.encode({ command: 'meetings' }),
  Buttons.checkin.encode({ checkinId: id(), answer: 'help' }),
  Buttons.take.encode({ checkinId: id() }),
  Buttons.visit.encode({ checkinId: id(), outcome: 'emergency' }),
  Buttons.endAlert.encode({ alertId: id() }),
  Buttons.choosePair.encode({ supportedId: id() }),
  Buttons.pairsPage.encode({ page: '9999' }),
  Buttons.setPair.encode({ supportedId: id(), volunteerRef: id().slice(0, 12) }),
  Buttons.meeting.encode({ action: 'register', meetingId: id() }),
  Buttons.meetingAdmin.encode({ action: 'cancelyes', meetingId: id() }),
  Buttons.draft.encode({ level: 'orange', begin: '9999999999', end: '9999999999' }),
  Buttons.dismissDraft.encode({}),
  Buttons.approve.encode({ alertId: id() }),
  Buttons.refuse.encode({ alertId: id() }),
  Buttons.unhelpful.encode({ questionId: id() }),
  Buttons.answerQuestion.encode({ questionId: id() }),
  Buttons.dismissQuestion.encode({ questionId: id() }),
  Buttons.questionsPage.encode({ page: '999' }),
  Buttons.questionQuartier.encode({ questionId: id(), quartier: 'bas-belleville-et-envi' }),
  Buttons.exportRegistry.encode({ quartier: 'bas-belleville-et-environs-quartier-est' }),
];

describe('button values', () => {
  it('every kind fits in Telegram’s 64 bytes of callback_data with the longest ids', () => {
    expect(LONGEST).toHaveLength(Object.keys(Buttons).length);
    for (const value of LONGEST) expect(Buffer.byteLength(value), value).toBeLessThanOrEqual(MAX_BUTTON_BYTES);
  });

  it('reads back what it wrote', () => {
    const checkinId = id();
    expect(decodeButton(Buttons.checkin.encode({ checkinId, answer: 'ok' }))).toEqual({
      kind: 'checkin',
      checkinId,
      answer: 'ok',
    });
    for (const value of LONGEST) expect(decodeButton(value)?.kind).toBe(value.split(':')[0]);
  });

  it('reads nothing from a forged or malformed value', () => {
    for (const forged of [
      'checkin:x:maybe',
      'pairset:a',
      `pairset:${id()}:${id()}`,
      'meeting:delete:x',
      'cmd:DROP',
      'nope:1',
      '',
    ]) {
      expect(decodeButton(forged)).toBeUndefined();
    }
  });

  it('refuses to build a value over the limit', () => {
    expect(() => Buttons.take.encode({ checkinId: 'x'.repeat(41) })).toThrow();
  });
});
