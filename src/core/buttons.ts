import { z } from 'zod';

/**
 * Every button value the core puts under a message (outside flow steps), one codec per kind: built and read
 * in one place, checked with zod, and never over Telegram's 64 bytes of `callback_data`.
 */
export const MAX_BUTTON_BYTES = 64;

/** Ids are UUIDs (36 characters); a volunteer is referred to by the start of theirs where two ids would not fit. */
const Id = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);
const Word = z.string().regex(/^[a-z]{1,20}$/);

function codec<K extends string, F extends Record<string, z.ZodType<string>>>(kind: K, fields: F) {
  const names = Object.keys(fields) as (keyof F & string)[];
  const Shape = z.object(fields);
  type Value = { [N in keyof F]: z.infer<F[N]> };
  return {
    kind,
    encode(value: Value): string {
      const parsed = Shape.parse(value) as Value;
      const raw = [kind, ...names.map((n) => parsed[n])].join(':');
      if (Buffer.byteLength(raw) > MAX_BUTTON_BYTES) throw new Error(`button ${kind} over ${MAX_BUTTON_BYTES} bytes`);
      return raw;
    },
    /** The button's fields, or undefined when the value is not this kind or is malformed (a forged button). */
    decode(raw: string): ({ kind: K } & Value) | undefined {
      const [head, ...parts] = raw.split(':');
      if (head !== kind || parts.length !== names.length) return undefined;
      const parsed = Shape.safeParse(Object.fromEntries(names.map((n, i) => [n, parts[i]])));
      return parsed.success ? ({ kind, ...(parsed.data as Value) } as { kind: K } & Value) : undefined;
    },
  };
}

export const Buttons = {
  /** A menu button that acts as a typed command ("cmd:mydata"). */
  command: codec('cmd', { command: Word }),
  /** "Tout va bien ?": Oui, ça va / J'ai besoin d'aide. */
  checkin: codec('checkin', { checkinId: Id, answer: z.enum(['ok', 'help']) }),
  /** A volunteer's "Je m'en occupe". */
  take: codec('take', { checkinId: Id }),
  /** /finalerte: which alert to end. */
  endAlert: codec('endalert', { alertId: Id }),
  /** /binomes: change the pair of this person supported. */
  choosePair: codec('pairs', { supportedId: Id }),
  /** /binomes: the next page. */
  pairsPage: codec('pairspage', { page: z.string().regex(/^\d{1,4}$/) }),
  /** /binomes: pair this person with the volunteer whose id starts with `volunteerRef`. */
  setPair: codec('pairset', { supportedId: Id, volunteerRef: z.string().regex(/^[A-Za-z0-9-]{12}$/) }),
  /** A resident's "Je m'inscris" / "Je ne peux plus venir". */
  meeting: codec('meeting', { action: z.enum(['register', 'cancel']), meetingId: Id }),
  /** An eco-manager's meeting actions. */
  meetingAdmin: codec('meetingadmin', { action: z.enum(['move', 'followup', 'cancel', 'cancelyes']), meetingId: Id }),
} as const;

type Decoded<C> = C extends { decode: (raw: string) => infer R } ? NonNullable<R> : never;
export type Button = { [K in keyof typeof Buttons]: Decoded<(typeof Buttons)[K]> }[keyof typeof Buttons];

/** The button a value stands for, or undefined (a flow's own option, or something forged). */
export function decodeButton(raw: string): Button | undefined {
  for (const c of Object.values(Buttons)) {
    const b = c.decode(raw);
    if (b) return b as Button;
  }
  return undefined;
}
