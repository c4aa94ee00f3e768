import type { ReplyOption } from '../core/messages.js';
import { label } from './answerMatching.js';
import { isMultiple, multiOptions } from './multiChoice.js';
import type { Answers, FlowDefinition, FlowEnv, FlowStep } from './types.js';

/** The next step to ask after `fromIndex`: not preset, and applicable to the answers so far. */
export function nextStep(
  flow: FlowDefinition,
  fromIndex: number,
  answers: Answers,
  locked: string[],
): FlowStep | undefined {
  return flow.steps.slice(fromIndex + 1).find((s) => !locked.includes(s.id) && (!s.when || s.when(answers)));
}

/** A step's buttons: its options (ticked and "Valider" when several may be chosen) or its suggestions. */
export function stepOptions(step: FlowStep, answers: Answers, env: FlowEnv): ReplyOption[] {
  if (isMultiple(step)) return multiOptions(step, answers, env);
  const options =
    step.input.kind === 'choice' ? step.input.options(answers, env) : (step.input.suggestions?.(answers, env) ?? []);
  return options.map((o) => ({ value: o.value, label: label(o, env) }));
}

/** How a stored answer is shown back ("Garder : …"). */
export function shownValue(step: FlowStep, value: unknown, answers: Answers, env: FlowEnv): string {
  if (step.display) return step.display(value, env);
  if (step.input.kind === 'choice') {
    const option = step.input.options(answers, env).find((o) => o.value === value);
    if (option) return label(option, env);
  }
  return String(value);
}
