import { describe, expect, it } from 'vitest';
import { normalizeLinkCode } from '../../src/features/identity-links/identityLinks.js';
import { cleanInbound } from '../../src/core/messages.js';

describe('inbound text, as rules', () => {
  it('keeps line breaks and accents (NFC), drops controls and invisible characters', () => {
    const e = cleanInbound({
      channel: 'telegram',
      userId: '1',
      chatId: '1',
      kind: 'text',
      text: 'e\u0301te\u0301\r\nligne\u0000 2\u202e\u200d',
    });
    expect(e.text).toBe('été\nligne 2');
  });

  it('reads a code typed in lower case, with a space or a dash, and O/I/L for 0/1', () => {
    expect(normalizeLinkCode('abcd efgh')).toBe('ABCDEFGH');
    expect(normalizeLinkCode('0O1I-L234')).toBe('00111234');
  });
});
