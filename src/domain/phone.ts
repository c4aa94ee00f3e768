import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Accepts a French number in any usual writing ("06 12 34 56 78", "+33 6…"); returns E.164 or undefined. */
export function normalizeFrenchPhone(input: string): string | undefined {
  const phone = parsePhoneNumberFromString(input.trim(), 'FR');
  if (!phone?.isValid() || phone.country !== 'FR') return undefined;
  return phone.number;
}

/** "+33612345678" → "06 12 34 56 78", how a French reader expects to see it. */
export function formatFrenchPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
