import type { z } from 'zod';
import type { Reply, ReplyOption } from '../core/messages.js';
import type { Language, Translate } from '../i18n/translator.js';
import type { TranslationKey } from '../i18n/translator.js';

export type Answers = Record<string, unknown>;

export interface ChoiceOption {
  value: string;
  /** Locale key of the button label, or a literal label when `literal` is set (e.g. a quartier name). */
  label: string;
  literal?: boolean;
}

export type StepInput =
  | {
      kind: 'choice';
      options: (answers: Answers, env: FlowEnv) => ChoiceOption[];
      /** Several options may be chosen (stored joined by commas); an `exclusive` one answers alone. */
      multiple?: { exclusive?: string[] };
    }
  /** Free text; `suggestions` are buttons whose value is submitted as if typed (e.g. "now"). */
  | { kind: 'text'; suggestions?: (answers: Answers, env: FlowEnv) => ChoiceOption[] };

/** What a step can decide after a valid answer; nothing means "go to the next applicable step". */
export type StepOutcome =
  | { type: 'exit'; messageKey: TranslationKey }
  | { type: 'complete' }
  | { type: 'restart' }
  /** Sets other answers (e.g. the address as corrected by a "Vouliez-vous dire" button), then goes on. */
  | { type: 'set'; answers: Answers };

export interface FlowStep {
  id: string;
  /** Locale key of the question (may depend on earlier answers). */
  prompt: TranslationKey | ((answers: Answers) => TranslationKey);
  promptParams?: (answers: Answers, env: FlowEnv) => Record<string, string> | Promise<Record<string, string>>;
  input: StepInput;
  /** Validates and normalises the raw answer (option value or typed text). */
  schema: z.ZodType<unknown, string> | ((env: FlowEnv) => z.ZodType<unknown, string>);
  /** Locale key of the hint shown with the question again after a wrong answer. */
  errorKey: TranslationKey;
  /** The step is asked only when this holds. */
  when?: (answers: Answers) => boolean;
  after?: (value: unknown, answers: Answers) => StepOutcome | undefined;
  /** Locale key of the field's label when the flow is shown as a form (a Slack modal); defaults to the prompt. */
  formLabel?: TranslationKey;
  /** How a stored answer is shown back ("Garder : …"); defaults to the option label or the text. */
  display?: (value: unknown, env: FlowEnv) => string;
}

/** What a flow is told of the person: no platform, no services (a flow closes over its feature's own). */
export interface FlowEnv {
  personId: string;
  lang: Language;
  t: Translate;
  quartiers: { id: string; name: string }[];
  /** Quartiers this person manages as an eco-manager (empty for residents). */
  managedQuartiers: string[];
  now: () => Date;
}

export interface FlowDefinition {
  id: string;
  steps: FlowStep[];
  /**
   * The last, confirming step (a preview with Send/Cancel). Shown as a form, the flow is every other step
   * as fields, then this step's prompt as the preview to confirm.
   */
  confirmStep?: string;
  /**
   * Checked before each answer: undefined to go on, or the locale key of why the flow ends here (e.g. the
   * person no longer manages what the flow changes). `complete` re-checks for itself.
   */
  guard?: (answers: Answers, env: FlowEnv) => TranslationKey | undefined | Promise<TranslationKey | undefined>;
  /** Runs once the last step is answered (or a step says complete); returns the closing replies. */
  complete: (answers: Answers, env: FlowEnv) => Promise<Reply[]>;
}

export interface FlowState {
  personId: string;
  flowId: string;
  stepId: string;
  answers: Answers;
  /** Steps answered, in order, for /retour. */
  history: string[];
  /** Answers kept from a previous run, offered as "keep" buttons (for /modifier and "Modifier"). */
  previous?: Answers;
  updatedAt: Date;
}

/** A step shown as a form field (e.g. in a Slack modal). */
export interface FormField {
  id: string;
  label: string;
  kind: 'choice' | 'text';
  options: ReplyOption[];
  /** Asked only in some cases (e.g. the own text when "write my own" is chosen). */
  optional: boolean;
  /** Pre-filled value for a text field: its first suggestion ("Maintenant"). */
  initial?: string;
}

export type FormResult = { errors: Record<string, string> } | { answers: Answers; preview: Reply };
