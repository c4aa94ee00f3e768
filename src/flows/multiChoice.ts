import type { ReplyOption } from '../core/messages.js';
import { foldText } from '../i18n/folding.js';
import { label, matchOption } from './answerMatching.js';
import type { Answers, FlowEnv, FlowStep } from './types.js';

/** The "Valider" button of a step where several options can be chosen. */
export const DONE = '__done';

/** What an answer does at a multi-choice step: completes it, or changes the choices picked so far. */
export type MultiAnswer = { value: string } | { picking: string[] } | undefined;

/** The options picked so far (held in the step's answer, as a list, until "Valider"). */
export function picked(answers: Answers, stepId: string): string[] {
  const v = answers[stepId];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function isMultiple(step: Pick<FlowStep, 'input'>): boolean {
  return step.input.kind === 'choice' && Boolean(step.input.multiple);
}

/**
 * A press toggles an option (an exclusive one, "À tout moment", answers at once); "Valider" completes. Typed
 * text may name several ("le soir et le week-end", "2, 3"): all understood, it completes at once.
 */
export function multiAnswer(
  step: Pick<FlowStep, 'id' | 'input' | 'schema'>,
  answers: Answers,
  env: FlowEnv,
  raw: { choice?: string; text?: string },
): MultiAnswer {
  if (step.input.kind !== 'choice' || !step.input.multiple) return undefined;
  const values = step.input.options(answers, env).map((o) => o.value);
  const exclusive = step.input.multiple.exclusive ?? [];
  const inOrder = (vs: string[]) => values.filter((v) => vs.includes(v));
  const current = picked(answers, step.id);
  const done = raw.choice === DONE || (raw.text !== undefined && foldText(raw.text) === foldText(env.t('flow.done')));
  if (done) return current.length ? { value: inOrder(current).join(',') } : undefined;
  if (raw.choice !== undefined) {
    const v = values.find((x) => x === raw.choice);
    if (!v) return undefined;
    if (exclusive.includes(v)) return { value: v };
    const rest = current.filter((x) => !exclusive.includes(x));
    return { picking: rest.includes(v) ? rest.filter((x) => x !== v) : [...rest, v] };
  }
  const text = (raw.text ?? '').trim();
  const parts = /^\d+(\s+\d+)+$/.test(text) ? text.split(/\s+/) : text.split(/\s*(?:[,;/+&]|\bet\b|\band\b)\s*/i);
  const chosen = parts.filter(Boolean).map((part) => matchOption(step, answers, env, { text: part }));
  if (!chosen.length || chosen.some((c) => c === undefined)) return undefined;
  const all = chosen as string[];
  const only = all.find((c) => exclusive.includes(c));
  return { value: only ?? inOrder(all).join(',') };
}

/** The options as shown: those picked marked ✓, then "Valider". */
export function multiOptions(step: FlowStep, answers: Answers, env: FlowEnv): ReplyOption[] {
  if (step.input.kind !== 'choice') return [];
  const chosen = picked(answers, step.id);
  return [
    ...step.input
      .options(answers, env)
      .map((o) => ({ value: o.value, label: `${chosen.includes(o.value) ? '✓ ' : ''}${label(o, env)}` })),
    { value: DONE, label: env.t('flow.done') },
  ];
}
