import { foldText } from '../i18n/folding.js';
import type { Answers, ChoiceOption, FlowEnv, FlowStep } from './types.js';
import { dataKey } from '../i18n/translator.js';

/**
 * How a raw answer (a pressed button, typed words, an option's number) is matched to a step's options,
 * the way people actually answer: "2", "bas belleville", "oui", the start of a label.
 */

/** What matching needs of a step: its input (options or suggestions) and its schema. */
type MatchableStep = Pick<FlowStep, 'input' | 'schema'>;

/** On a text step, a suggestion button (or its label typed) submits the suggestion's value. */
export function suggestionOrText(
  step: MatchableStep,
  answers: Answers,
  env: FlowEnv,
  raw: { choice?: string; text?: string },
): string | undefined {
  if (step.input.kind !== 'text') return undefined;
  const suggestions = step.input.suggestions?.(answers, env) ?? [];
  if (raw.choice !== undefined) return suggestions.find((o) => o.value === raw.choice)?.value;
  const typed = foldText(raw.text ?? '');
  const byLabel = suggestions.find((o) => foldText(label(o, env)) === typed);
  if (byLabel) return byLabel.value;
  // "2" picks the second suggestion, unless the step takes numbers itself (a capacity of 1 is not "Sans limite").
  if (/^\d+$/.test(typed) && suggestions[Number(typed) - 1] && !schemaOf(step, env).safeParse(raw.text).success)
    return suggestions[Number(typed) - 1]!.value;
  return raw.text;
}

export function isKeepText(text: string, env: FlowEnv): boolean {
  return foldText(text) === foldText(env.t('flow.keepWord'));
}

/** A button value, an option number ("2"), or typed words matching one label ("bas belleville", "oui"). */
export function matchOption(
  step: MatchableStep,
  answers: Answers,
  env: FlowEnv,
  raw: { choice?: string; text?: string },
): string | undefined {
  if (step.input.kind !== 'choice') return undefined;
  const options = step.input.options(answers, env);
  if (raw.choice !== undefined) return options.find((o) => o.value === raw.choice)?.value;
  const typed = foldText(raw.text ?? '');
  if (!typed) return undefined;
  if (/^\d+$/.test(typed)) return options[Number(typed) - 1]?.value;
  const labels = options.map((o) => ({ value: o.value, folded: foldText(label(o, env)), alias: foldText(o.value) }));
  const exact = labels.find((l) => l.folded === typed || l.alias === typed);
  if (exact) return exact.value;
  const unique = (hits: typeof labels) => (hits.length === 1 ? hits[0]!.value : undefined);
  const byPrefix = unique(labels.filter((l) => l.folded.startsWith(typed) || typed.startsWith(l.folded)));
  if (byPrefix) return byPrefix;
  const words = (s: string) => new Set(s.split(' ').filter((w) => w.length >= 3));
  const typedWords = words(typed);
  if (typedWords.size === 0) return undefined;
  return unique(labels.filter((l) => [...typedWords].every((w) => words(l.folded).has(w))));
}

export function label(option: ChoiceOption, env: FlowEnv): string {
  return option.literal ? option.label : env.t(dataKey(option.label));
}

/** A step's schema; one that depends on the time ("in the past") is built with the injected clock. */
export function schemaOf(step: { schema: FlowStep['schema'] }, env: FlowEnv) {
  return typeof step.schema === 'function' ? step.schema(env) : step.schema;
}
