import { describe, expect, it } from 'vitest';
import { normalizeAddress } from '../../src/domain/address.js';
import { normalizeFrenchPhone, formatFrenchPhone } from '../../src/domain/phone.js';

describe('addresses', () => {
  it.each([
    ['12 rue de belleville', '12 rue de Belleville'],
    ['  12   bd de la villette ', '12 boulevard de la Villette'],
    ['5 av. de Choisy', '5 avenue de Choisy'],
    ['Place des Fêtes', 'place des Fêtes'],
    ['16 Rue de Tourtille 75020', '16 rue de Tourtille 75020'],
  ])('normalises "%s"', (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });

  it.each(['bonjour', '12', 'je sais pas', 'https://rue.example.org', 'rue', `${'x'.repeat(200)} rue`])(
    'rejects "%s"',
    (input) => {
      expect(normalizeAddress(input)).toBeUndefined();
    },
  );
});

describe('phones', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['+33 1 44 00 00 00', '+33144000000'],
    ['0033612345678', '+33612345678'],
  ])('accepts %s', (input, e164) => {
    expect(normalizeFrenchPhone(input)).toBe(e164);
  });
  it.each(['0612', 'abc', '+44 20 7946 0958', '06 12 34 56 78 99'])('rejects %s', (input) => {
    expect(normalizeFrenchPhone(input)).toBeUndefined();
  });
  it('formats for display', () => {
    expect(formatFrenchPhone('+33612345678')).toBe('06 12 34 56 78');
  });
});
