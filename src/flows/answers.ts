import { z } from 'zod';
import { parseParisDateTime } from '../domain/parisTime.js';
import type { ChoiceOption, FlowEnv } from './types.js';

/** Buttons for a list of values, labelled by the locale keys `<prefix>.<value>`. */
export const choices = (values: readonly string[], prefix: string) => (): ChoiceOption[] =>
  values.map((v) => ({ value: v, label: `${prefix}.${v}` }));

export const oneOf = (values: readonly string[]) => z.string().refine((v) => values.includes(v));

/**
 * A date typed in Paris time ("25/07 14:00"), stored as an ISO instant; values matching `allowed` (suggestions like
 * "now") pass as they are.
 */
export const parisDateAnswer = (allowed?: RegExp) => (env: Pick<FlowEnv, 'now'>) =>
  z.string().transform((s, ctx) => {
    if (allowed?.test(s)) return s;
    const d = parseParisDateTime(s, env.now());
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'not a date' });
      return z.NEVER;
    }
    return d.toISOString();
  });
