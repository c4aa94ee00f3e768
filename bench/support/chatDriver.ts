/**
 * How one person of `npm run bench:chat` talks to the product: not a fixed script but by meaning. It reads each
 * question and its buttons and answers as a volunteer neighbour of Rosa Parks would (the quartier, the role,
 * "this chat", week-ends, yes to consent, confirm), answers any other step sensibly (skip, keep, the first
 * option, a plausible typed value: a name, a floor, a door code…), interrupts once with a question and once
 * with a wrong address, then asks /mesdonnees, FAQ questions, /aide, /agenda in a loop. A question it cannot
 * answer is a failure quoting the question, so a changed flow shows up as such and is never waited out.
 */
import type { BotMessage } from '../../tests/support/telegramLoadStandIn.js';
import { translator, type TranslationKey } from '../../src/i18n/translator.js';

export interface ChatUser {
  send(text: string): void;
  pressOn(message: BotMessage, callbackData: string): void;
  mark(): number;
  messages(): BotMessage[];
  waitFor(from: number, pattern: RegExp | ((m: BotMessage) => boolean), timeoutMs: number): Promise<BotMessage>;
}

export interface Measure {
  /** What was said, for per-step figures (BENCH_STEPS). */
  label: string;
  ms: number;
}

export interface PersonOutcome {
  measures: Measure[];
  /** Why messages went unanswered or wrong, quoting the product: each is one error. */
  failures: string[];
  joined: boolean;
}

const t = translator('fr');
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text's fixed opening (up to its first parameter), as the product sends it. */
const opening = (key: TranslationKey) => new RegExp(`^${literal(t(key).split('{')[0]!.trim())}`);
const label = (key: TranslationKey) => t(key);

/** Buttons this person prefers wherever they appear, best first. */
const PREFERRED: RegExp[] = [
  /Rosa Parks/,
  new RegExp(`^${literal(label('network.role.volunteer'))}$`),
  new RegExp(`^${literal(label('network.contact.chat'))}$`),
  /week-end/i,
  new RegExp(`^${literal(label('network.consent.yes'))}$`),
  new RegExp(`^${literal(label('network.summaryAction.confirm'))}$`),
  new RegExp(`^${literal(label('network.registry.no'))}$`),
];
/** Buttons that step out of the way of an optional question. */
const SKIP = [new RegExp(`^${literal(label('network.registry.skip'))}$`), /^(Passer|Ignorer|Non merci)\b/i];
const KEEP = opening('flow.keep');
/** Buttons that close a question where several options may be chosen. */
const DONE = /^(✅\s*)?(Valider|Terminé|C'est tout|Continuer|Suivant|OK)\b/i;
/** Never pressed unless nothing else is left: they end or undo the signup. */
const AVOID = /^(Annuler|Modifier|Non\b|Quitter|Retour|Non, )/i;

/** Plausible typed answers, by what the question asks. */
const TYPED: [RegExp, string][] = [
  [/adresse/i, '20 rue Émile Bollaert'],
  [/téléphone|portable/i, '06 12 34 56 78'],
  [/prénom/i, 'Claire'],
  [/\bnom\b/i, 'Martin'],
  [/naissance/i, '14/07/1941'],
  [/escalier/i, 'B'],
  [/étage/i, '3'],
  [/porte/i, 'gauche'],
  [/code|digicode/i, '1234A'],
  [/bâtiment/i, 'A'],
  [/rue|voie/i, 'rue Émile Bollaert'],
];

const ENDED_JOINED = [opening('network.joined.volunteer'), opening('network.joined.supported')];
const ENDED_OTHER = [opening('network.declined'), opening('network.cancelled'), opening('flow.cancelled')];
const isPrompt = (m: BotMessage) => m.buttons.length > 0 || m.text.includes('?');
const ends = (m: BotMessage) => [...ENDED_JOINED, ...ENDED_OTHER].some((p) => p.test(m.text));
const quote = (m: BotMessage) => {
  const buttons = m.buttons.length ? ` [${m.buttons.map((b) => b.text).join(' | ')}]` : '';
  return `"${m.text.slice(0, 160).replace(/\n+/g, ' / ')}"${buttons}`;
};

/** After the signup: what a member does next, in a loop. `expect`: the reply must open so. */
const AFTERWARDS: { send: string; expect?: RegExp }[] = [
  { send: '/mesdonnees', expect: opening('network.myData') },
  { send: "C'est quoi un DTG ?" },
  { send: 'Combien gagne un éco-gestionnaire ?' },
  { send: '/aide', expect: opening('menu.helpTitle') },
  { send: 'bonjour' },
  { send: '/agenda' },
  { send: '/mesdonnees', expect: opening('network.myData') },
  { send: 'Quand a lieu la prochaine réunion ?' },
  { send: '/aide', expect: opening('menu.helpTitle') },
];

type Action = { type: 'text'; text: string } | { type: 'press'; on: BotMessage; button: BotMessage['buttons'][0] };

/** What to answer to a question, by meaning; undefined when stuck. `tried`: actions already taken on it. */
export function decide(prompt: BotMessage, tried: Set<string>): Action | undefined {
  const question = prompt.text.split('\n\n').at(-1) ?? prompt.text;
  const buttons = prompt.buttons.filter((b) => !tried.has(`press:${plain(b.text)}`));
  const press = (b: BotMessage['buttons'][0]): Action => ({ type: 'press', on: prompt, button: b });
  for (const p of PREFERRED) {
    const b = buttons.find((x) => p.test(plain(x.text)));
    if (b) return press(b);
  }
  const skip = buttons.find((b) => SKIP.some((p) => p.test(plain(b.text))));
  // Typed only when the buttons are no answer (none, or only skip / keep); suggestions are pressed.
  const typed = TYPED.find(([asks]) => asks.test(question))?.[1];
  const onlyWaysOut = prompt.buttons.every((b) => SKIP.some((p) => p.test(plain(b.text))) || KEEP.test(plain(b.text)));
  if (typed && onlyWaysOut && !tried.has(`text:${typed}`)) return { type: 'text', text: typed };
  if (skip) return press(skip);
  const keep = buttons.find((b) => KEEP.test(plain(b.text)));
  if (keep) return press(keep);
  // Several options may be chosen: once one is, the closing button.
  const done = buttons.find((b) => DONE.test(plain(b.text)));
  if (done && [...tried].some((a) => a.startsWith('press:'))) return press(done);
  const first = buttons.find((b) => !AVOID.test(plain(b.text)) && !DONE.test(plain(b.text))) ?? done;
  return first ? press(first) : undefined;
}

/** A button's words without the marks of a chosen option (✓, ☑, ✅…). */
const plain = (s: string) => s.replace(/^[\s✓✔☑✅●○◻◼▪•-]+/u, '').trim();

/** A person who reads before answering: about `ms` between messages, none after `until` (performance.now()). */
export interface Pace {
  ms: number;
  until: number;
}

/**
 * One person: joins through the signup by meaning, then loops over AFTERWARDS, `messages` messages in all, each
 * waiting for its reply. `timeoutMs` per reply.
 */
export async function talkAsMember(
  user: ChatUser,
  messages: number,
  timeoutMs: number,
  pace?: Pace,
): Promise<PersonOutcome> {
  const measures: Measure[] = [];
  const failures: string[] = [];
  let sent = 0;
  let joined = false;

  /** Says one thing; resolves with the first reply (timed), or undefined after a recorded failure. */
  const say = async (action: Action, what: string): Promise<{ from: number; first: BotMessage } | undefined> => {
    if (pace) {
      // Reading, then typing: between half and one and a half times the pace; people start at different moments.
      await new Promise((r) => setTimeout(r, pace.ms * (sent > 0 ? 0.5 + Math.random() : Math.random())));
      if (performance.now() >= pace.until) return undefined;
    }
    const from = user.mark();
    const started = performance.now();
    sent++;
    if (action.type === 'text') user.send(action.text);
    else user.pressOn(action.on, action.button.callback_data);
    try {
      const first = await user.waitFor(from, () => true, timeoutMs);
      measures.push({ label: what, ms: first.at - started });
      return { from, first };
    } catch {
      failures.push(`no reply in ${timeoutMs} ms to ${what}`);
      return undefined;
    }
  };
  /** Waits, after `from`, for a message `which` selects; a failure names what came instead. */
  const expect = async (from: number, which: (m: BotMessage) => boolean, what: string) => {
    try {
      return await user.waitFor(from, which, timeoutMs);
    } catch {
      const got = user.messages().slice(from);
      failures.push(`${what}; got ${got.length ? got.map(quote).join(' then ') : 'nothing'}`);
      return undefined;
    }
  };

  // The signup, answered by meaning.
  const start = await say({ type: 'text', text: '/start' }, '/start');
  let prompt = start && (await expect(start.from, isPrompt, 'after /start, expected a question'));
  const triedOn = new Map<string, Set<string>>();
  let asked = false;
  let wrongAddress = false;
  while (prompt) {
    // Read first, so the reply to the last message allowed ("Confirmer") still counts as joined.
    if (ends(prompt)) {
      joined = ENDED_JOINED.some((p) => p.test(prompt!.text));
      if (!joined) failures.push(`the signup ended without joining: ${quote(prompt)}`);
      break;
    }
    if (sent >= messages) {
      failures.push(`the signup was not over after ${messages} messages (--messages too few?): at ${quote(prompt)}`);
      break;
    }
    const key = prompt.text.split('\n\n').at(-1) ?? prompt.text;
    const question = prompt;
    // Interruptions a real person makes: a question at the second question, a wrong address once.
    let interruption: string | undefined;
    if (!asked && triedOn.size === 1 && question.buttons.length) interruption = "c'est quoi un DTG ?";
    else if (!wrongAddress && /adresse/i.test(key) && !question.buttons.length) interruption = "pas d'adresse";
    if (interruption) {
      if (interruption.includes('?')) asked = true;
      else wrongAddress = true;
      const r = await say({ type: 'text', text: interruption }, interruption);
      if (!r) break;
      // The same question comes again (after the answer, or under the hint).
      prompt = await expect(
        r.from,
        (m) => m.text.endsWith(key),
        `after "${interruption}", expected ${quote(question)}`,
      );
      continue;
    }
    const tried = triedOn.get(key) ?? new Set<string>();
    triedOn.set(key, tried);
    const action = decide(question, tried);
    if (!action) {
      failures.push(`stuck at ${quote(question)}`);
      break;
    }
    tried.add(action.type === 'text' ? `text:${action.text}` : `press:${plain(action.button.text)}`);
    const what = action.type === 'text' ? action.text : `[${action.button.text}]`;
    const r = await say(action, what);
    if (!r) break;
    prompt = await expect(r.from, (m) => isPrompt(m) || ends(m), `after ${what} at ${quote(question)}, no question`);
    if (tried.size > 12) {
      failures.push(`going round in circles at ${quote(question)}`);
      break;
    }
  }

  // Then what a member does, until `messages` are sent.
  for (let i = 0; sent < messages; i++) {
    const next = AFTERWARDS[i % AFTERWARDS.length]!;
    const r = await say({ type: 'text', text: next.send }, next.send);
    if (!r && pace && performance.now() >= pace.until) break;
    if (r && next.expect) {
      const pattern = next.expect;
      await expect(r.from, (m) => pattern.test(m.text), `after ${next.send}, expected ${pattern}`);
    }
  }
  return { measures, failures, joined };
}

/** The bare bot answers "ok" to anything: the same number of messages, each waiting for a reply. */
export async function talkToBare(user: ChatUser, messages: number, timeoutMs: number): Promise<PersonOutcome> {
  const measures: Measure[] = [];
  const failures: string[] = [];
  for (let i = 0; i < messages; i++) {
    const text = i === 0 ? '/start' : AFTERWARDS[i % AFTERWARDS.length]!.send;
    const from = user.mark();
    const started = performance.now();
    user.send(text);
    try {
      const reply = await user.waitFor(from, () => true, timeoutMs);
      measures.push({ label: text, ms: reply.at - started });
    } catch {
      failures.push(`no reply in ${timeoutMs} ms to ${text}`);
    }
  }
  return { measures, failures, joined: false };
}
