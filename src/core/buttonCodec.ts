import { z } from 'zod';

/**
 * How a button's value is built and read: one zod codec per kind, never over Telegram's 64 bytes of
 * `callback_data`. Each feature declares its own buttons with it (features/<feature>/buttons.ts).
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

/** A menu button that acts as a typed command ("cmd:mydata"). */
export const commandButton = codec('cmd', { command: Word });
