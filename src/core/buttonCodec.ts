import { z } from 'zod';
import type { Request } from './chatFeature.js';
import type { Reply } from './messages.js';

/**
 * How a button's value is built and read: one zod codec per kind, never over Telegram's 64 bytes of
 * `callback_data`. Each feature declares its own buttons with it (features/<feature>/buttons.ts) and answers them
 * (`answerButtons`); only the menu's command button is the core's.
 */
export const MAX_BUTTON_BYTES = 64;

/** Ids are UUIDs (36 characters); a volunteer is referred to by the start of theirs where two ids would not fit. */
export const Id = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);
export const Word = z.string().regex(/^[a-z]{1,20}$/);

export function codec<K extends string, F extends Record<string, z.ZodType<string>>>(kind: K, fields: F) {
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

/** A menu button that acts as a typed command ("cmd:mydata"), the one button the core itself answers. */
export const commandButton = codec('cmd', { command: Word });

type Codecs = Record<string, { decode: (raw: string) => object | undefined }>;
/** The buttons a set of codecs reads: one of their decoded values, told apart by `kind`. */
export type Pressed<C extends Codecs> = {
  [N in keyof C]: C[N] extends { decode: (raw: string) => infer R } ? NonNullable<R> : never;
}[keyof C];

/** The button a value stands for among these codecs, or undefined (another's, a flow's option, or forged). */
export function decodeAmong<C extends Codecs>(codecs: C, raw: string): Pressed<C> | undefined {
  for (const c of Object.values(codecs)) {
    const b = c.decode(raw);
    if (b) return b as Pressed<C>;
  }
  return undefined;
}

/** A feature's `buttons` from its codecs: `press` answers every one of them (and re-checks who presses). */
export function answerButtons<C extends Codecs>(
  codecs: C,
  press: (button: Pressed<C>, req: Request) => Promise<Reply[]>,
) {
  return (value: string, req: Request): Promise<Reply[]> | undefined => {
    const button = decodeAmong(codecs, value);
    return button ? press(button, req) : undefined;
  };
}
