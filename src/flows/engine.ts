import type { Reply } from '../core/messages.js';
import type { FlowStateStore, StoredFlowState } from '../storage/flowStates.js';
import type { Answers, FlowDefinition, FlowEnv, FlowStep, FormField, FormResult } from './types.js';
import { isKeepText, matchOption, schemaOf, suggestionOrText } from './answerMatching.js';
import { isMultiple, multiAnswer } from './multiChoice.js';
import { nextStep, shownValue, stepOptions } from './stepView.js';

export type { FormField, FormResult } from './types.js';

export const KEEP = '__keep';
/** An answer as it comes: a pressed button's value, or typed text. */
type Raw = { choice?: string; text?: string };

export interface StartOptions {
  /** Answers given before the flow starts (deep link); their steps are not asked. */
  preset?: Answers;
  /** Answers of a previous run, offered as "keep" buttons. */
  previous?: Answers;
}

/**
 * Runs flows declared as data. It knows nothing of platforms: it takes an answer (a button value or typed
 * text) and returns channel-neutral replies, saving the state after every step.
 */
export class FlowEngine {
  private readonly flows = new Map<string, FlowDefinition>();

  constructor(
    private readonly store: FlowStateStore,
    private readonly options: { ttlMs: number; now: () => Date },
  ) {}

  /** Adds the flows a feature declares (FeatureModule.flows); an id is taken once. */
  register(flows: FlowDefinition[]): void {
    for (const f of flows) {
      if (this.flows.has(f.id)) throw new Error(`Flow "${f.id}" is declared twice`);
      this.flows.set(f.id, f);
    }
  }

  /** The person's flow in progress, if any and not expired; `known`: already read with the person (null: none). */
  async active(personId: string, known?: StoredFlowState | null): Promise<StoredFlowState | undefined> {
    const state = known === undefined ? await this.store.get(personId) : (known ?? undefined);
    if (!state) return undefined;
    if (!this.flows.has(state.flowId) || this.isExpired(state)) {
      await this.store.delete(personId);
      return undefined;
    }
    return state;
  }

  private isExpired(state: { updatedAt: Date }): boolean {
    return this.options.now().getTime() - state.updatedAt.getTime() > this.options.ttlMs;
  }

  async start(flowId: string, env: FlowEnv, opts: StartOptions = {}): Promise<Reply[]> {
    const flow = this.flow(flowId);
    const answers = { ...(opts.preset ?? {}) };
    const locked = Object.keys(opts.preset ?? {});
    const first = nextStep(flow, -1, answers, locked);
    if (!first) return this.complete(flow, { answers } as StoredFlowState, env);
    const state: StoredFlowState = {
      personId: env.personId,
      flowId,
      stepId: first.id,
      answers,
      previous: opts.previous,
      locked,
      history: [],
      updatedAt: this.options.now(),
    };
    await this.save(state);
    return [await this.prompt(first, state, env)];
  }

  /** Handles one answer to the current step: a pressed button's value, or typed text. */
  async answer(state: StoredFlowState, env: FlowEnv, raw: Raw): Promise<Reply[]> {
    return (await this.answerStep(state, env, raw)).replies;
  }

  /** `answer`, also saying whether the flow is still open (not completed nor left): no need to read it back. */
  async answerStep(state: StoredFlowState, env: FlowEnv, raw: Raw): Promise<{ replies: Reply[]; open: boolean }> {
    const flow = this.flow(state.flowId);
    // The flow's own re-check (rights that may have changed since it started): it ends, nothing is kept.
    const refused = await flow.guard?.(state.answers, env);
    if (refused) {
      await this.store.delete(state.personId);
      return { replies: [{ text: env.t(refused) }], open: false };
    }
    const step = this.step(flow, state.stepId);
    const parsed = this.valueOf(step, state, env, raw);
    if (!parsed) return { replies: [await this.retry(step, state, env)], open: true };
    if ('picking' in parsed) {
      // A multi-choice step: the choices so far are kept, and the question shown again with them ticked.
      state.answers[step.id] = parsed.picking;
      await this.save(state);
      return { replies: [await this.prompt(step, state, env)], open: true };
    }
    const value = parsed.value;
    state.answers[step.id] = value;
    state.history.push(step.id);
    const outcome = step.after?.(value, state.answers);
    if (outcome?.type === 'set') Object.assign(state.answers, outcome.answers);
    if (outcome?.type === 'exit') {
      await this.store.delete(state.personId);
      return { replies: [{ text: env.t(outcome.messageKey) }], open: false };
    }
    if (outcome?.type === 'restart') {
      const presets = Object.fromEntries(state.locked.map((id) => [id, state.answers[id]]));
      const previous = { ...state.answers };
      delete previous[step.id]; // the step that asked to start over is asked afresh
      const restarted = { ...state, answers: presets, previous, history: [] };
      const first = nextStep(flow, -1, restarted.answers, state.locked);
      if (first) {
        restarted.stepId = first.id;
        await this.save(restarted);
        return { replies: [await this.prompt(first, restarted, env)], open: true };
      }
    }
    const next =
      outcome?.type === 'complete' ? undefined : nextStep(flow, flow.steps.indexOf(step), state.answers, state.locked);
    if (!next) return { replies: await this.complete(flow, state, env), open: false };
    state.stepId = next.id;
    await this.save(state);
    return { replies: [await this.prompt(next, state, env)], open: true };
  }

  /** /retour: back to the previous step asked. */
  async back(state: StoredFlowState, env: FlowEnv): Promise<Reply[]> {
    const flow = this.flow(state.flowId);
    const previousId = state.history.pop();
    if (!previousId) {
      return [{ text: env.t('flow.nothingToGoBackTo') }, await this.prompt(this.step(flow, state.stepId), state, env)];
    }
    state.stepId = previousId;
    await this.save(state);
    return [await this.prompt(this.step(flow, previousId), state, env)];
  }

  /** Whether typed text is a valid answer to the current step (one of its options, a well-formed address…). */
  accepts(state: StoredFlowState, env: FlowEnv, text: string): boolean {
    return this.valueOf(this.step(this.flow(state.flowId), state.stepId), state, env, { text }) !== undefined;
  }

  /** The value a pressed button or typed text gives the step; undefined when it is no valid answer. */
  private valueOf(
    step: FlowStep,
    state: StoredFlowState,
    env: FlowEnv,
    raw: { choice?: string; text?: string },
  ): { value: unknown } | { picking: string[] } | undefined {
    const kept = state.previous?.[step.id];
    // "Garder" pressed, typed, or its number typed ("1" for "1. Garder : 45 rue d'Aubervilliers") unless
    // the number is itself an answer to the step.
    const keepNumber = String(stepOptions(step, state.answers, env).length + 1);
    const keep =
      (raw.choice ?? raw.text) === KEEP ||
      (raw.text !== undefined &&
        (isKeepText(raw.text, env) ||
          (kept !== undefined && raw.text.trim() === keepNumber && !schemaOf(step, env).safeParse(raw.text).success)));
    if (keep) return kept === undefined ? undefined : { value: kept };
    if (isMultiple(step)) {
      const multi = multiAnswer(step, state.answers, env, raw);
      if (!multi || 'picking' in multi) return multi;
      raw = { choice: multi.value };
    }
    const candidate =
      step.input.kind === 'choice' && !isMultiple(step)
        ? matchOption(step, state.answers, env, raw)
        : step.input.kind === 'choice'
          ? raw.choice
          : suggestionOrText(step, state.answers, env, raw);
    if (candidate === undefined) return undefined;
    const parsed = schemaOf(step, env).safeParse(candidate);
    return parsed.success ? { value: parsed.data } : undefined;
  }

  /** Repeats the current question (after an interruption, or on resume). */
  current(state: StoredFlowState, env: FlowEnv): Promise<Reply> {
    const flow = this.flow(state.flowId);
    return this.prompt(this.step(flow, state.stepId), state, env);
  }

  /** The flow as one form: every step but the confirming one. */
  formFields(flowId: string, env: FlowEnv): FormField[] {
    const flow = this.flow(flowId);
    return flow.steps
      .filter((step) => step.id !== flow.confirmStep)
      .map((step) => {
        const options = stepOptions(step, {}, env);
        const key = step.formLabel ?? (typeof step.prompt === 'function' ? step.prompt({}) : step.prompt);
        return {
          id: step.id,
          label: env.t(key),
          kind: step.input.kind,
          options,
          optional: Boolean(step.when),
          ...(step.input.kind === 'text' && options[0] ? { initial: options[0].label } : {}),
        };
      });
  }

  /** Validates a submitted form with the steps' own rules; valid answers come back with the preview to confirm. */
  async submitForm(flowId: string, env: FlowEnv, raw: Record<string, string | undefined>): Promise<FormResult> {
    const flow = this.flow(flowId);
    const answers: Answers = {};
    const errors: Record<string, string> = {};
    for (const step of flow.steps) {
      if (step.id === flow.confirmStep || (step.when && !step.when(answers))) continue;
      const given = raw[step.id]?.trim() ?? '';
      const candidate =
        step.input.kind === 'choice'
          ? matchOption(step, answers, env, { choice: given })
          : suggestionOrText(step, answers, env, { text: given });
      const parsed = candidate === undefined ? undefined : schemaOf(step, env).safeParse(candidate);
      if (!parsed?.success) errors[step.id] = env.t(step.errorKey);
      else answers[step.id] = parsed.data;
    }
    if (Object.keys(errors).length) return { errors };
    const confirm = flow.confirmStep ? this.step(flow, flow.confirmStep) : undefined;
    const preview = confirm ? await this.prompt(confirm, { answers } as StoredFlowState, env) : { text: '' };
    return { answers, preview: { text: preview.text } };
  }

  /** Completes a form whose answers were validated by `submitForm` (the flow's own checks run again). */
  async completeForm(flowId: string, env: FlowEnv, answers: Answers): Promise<Reply[]> {
    return this.complete(this.flow(flowId), { answers } as StoredFlowState, env);
  }

  /** Starts a flow in place of whatever flow the person had open (a button that opens a question). */
  async startInstead(flowId: string, env: FlowEnv, opts: StartOptions = {}): Promise<Reply[]> {
    await this.store.delete(env.personId);
    return this.start(flowId, env, opts);
  }

  async cancel(state: StoredFlowState): Promise<void> {
    await this.store.delete(state.personId);
  }

  private async complete(flow: FlowDefinition, state: StoredFlowState, env: FlowEnv): Promise<Reply[]> {
    // Answers to steps that no longer apply (e.g. a phone after switching to "this chat only") are dropped.
    const applicable = Object.fromEntries(
      Object.entries(state.answers).filter(([id]) => {
        const step = flow.steps.find((s) => s.id === id);
        // Answers that are not steps are the flow's context (e.g. the meeting being moved).
        return !step?.when || step.when(state.answers);
      }),
    );
    const replies = await flow.complete(applicable, env);
    if (state.personId) await this.store.delete(state.personId);
    return replies;
  }

  private async save(state: StoredFlowState): Promise<void> {
    state.updatedAt = this.options.now();
    await this.store.save(state);
  }

  private flow(id: string): FlowDefinition {
    const flow = this.flows.get(id);
    if (!flow) throw new Error(`Unknown flow "${id}"`);
    return flow;
  }

  private step(flow: FlowDefinition, id: string): FlowStep {
    const step = flow.steps.find((s) => s.id === id);
    if (!step) throw new Error(`Flow "${flow.id}" has no step "${id}"`);
    return step;
  }

  private async prompt(step: FlowStep, state: StoredFlowState, env: FlowEnv, prefix?: string): Promise<Reply> {
    const key = typeof step.prompt === 'function' ? step.prompt(state.answers) : step.prompt;
    const asked = env.t(key, await step.promptParams?.(state.answers, env));
    const question = isMultiple(step) ? `${asked}\n${env.t('flow.severalChoices')}` : asked;
    const options = stepOptions(step, state.answers, env);
    const kept = state.previous?.[step.id];
    if (kept !== undefined) {
      options.push({ value: KEEP, label: env.t('flow.keep', { value: shownValue(step, kept, state.answers, env) }) });
    }
    return {
      text: prefix ? `${prefix}\n\n${question}` : question,
      ...(options.length ? { options } : {}),
      ...(step.input.kind === 'text' ? { freeText: true } : {}),
    };
  }

  private retry(step: FlowStep, state: StoredFlowState, env: FlowEnv): Promise<Reply> {
    return this.prompt(step, state, env, env.t(step.errorKey));
  }
}
