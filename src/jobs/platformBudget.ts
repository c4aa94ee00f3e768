import { randomUUID } from 'node:crypto';
import type { Channel } from '../channel.js';
import { realTimeMs } from '../clock.js';
import type { RedisClient } from './redis.js';
import { DELIVERY_SCRIPT, REPLY_SCRIPT } from './platformBudgetScripts.js';
import { type Batch, gather } from '../storage/together.js';

/**
 * A platform's messages per second (Telegram ~30 for a bot) shared by every process: replies to people and
 * broadcast deliveries are logged together in Redis over a rolling window. Replies first: a reply goes at once
 * (a person is there, waiting) unless the window is full *and* deliveries hold more than their share of it —
 * then it waits for the oldest message to leave (tens of ms at 30/s), and deliveries hold back meanwhile, so that
 * a broadcast never makes the platform refuse a person's reply (a 429 costs the reply a second or more). Replies
 * never wait for other replies, nor on a Redis that is slow or down. A delivery goes while the window holds fewer
 * than the limit, otherwise it waits until the oldest message leaves it — but deliveries always keep a fifth of
 * the window, so that an alert still goes out while many people chat.
 *
 * A rolling window, not calendar seconds: 30 at the end of one second and 30 at the start of the next are 60 in
 * one rolling second, which the platform answers with 429. A delivery is logged when it may go, then again when
 * the platform answered it (`sent`): the platform counts it when it arrives, which a slow request (a pause of the
 * process, a busy machine) makes later than it was logged, by more than the window's margin.
 */
/** Share of the window's budget that deliveries keep however many replies there are. */
const DELIVERY_SHARE = 0.2;

/** A reply waits at most this long for Redis to answer before it goes anyway (a Redis slow or down). */
const REPLY_ASK_MS = 100;
/** …and asks at most this many times while deliveries fill the window (then goes: a second has passed). */
const REPLY_TRIES = 30;
/** How long "answered" marks are added up when no script carries them: one round trip for many messages. */
const ANSWERED_FLUSH_MS = 2;

/**
 * The window: one second, and a few ms for the millisecond rounding of two clocks. A delivery's lateness (counted
 * here, arriving later) is covered by its "answered" mark, not by this margin (20 ms of it still let a few 429
 * through in a minute at 30/s, and cost 2 % of the rate).
 */
const WINDOW_MS = 1005;

/** Deliveries asking at once are answered by one script (at most this many; the rest by the next). */
const ASKS_PER_CALL = 64;

/** A delivery's turn: how long to wait (0: go, it is counted), and what to call once the platform answered it. */
export interface DeliveryTurn {
  wait: number;
  sent: () => void;
}

const NOTHING_TO_MARK = () => {};

interface Ask {
  member: string;
  answer: (turn: DeliveryTurn) => void;
}

export class PlatformBudget {
  /** Per channel: the replies asking in this turn of the event loop, asked together (one round trip). */
  private readonly replying = new Map<Channel, Batch<string, [number, number]>>();
  /** Per channel, "answered" marks not written yet: when and member, in pairs. */
  private answered = new Map<Channel, (string | number)[]>();
  private flushingAnswered: ReturnType<typeof setTimeout> | undefined;
  /** Members of the window's log must be unique across processes. */
  private readonly process = randomUUID().slice(0, 8);
  private sequence = 0;
  /** Per channel: the deliveries waiting for the script in flight to answer, then asked together. */
  private readonly asking = new Map<Channel, Ask[]>();
  private readonly inFlight = new Set<Channel>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly perSecond: Partial<Record<Channel, number>>,
    private readonly nowMs: () => number = realTimeMs,
  ) {
    // Sent by their hash (EVALSHA), not their text, at every delivery and reply.
    redis.defineCommand('budgetForDelivery', { numberOfKeys: 3, lua: DELIVERY_SCRIPT });
    redis.defineCommand('budgetForReplies', { numberOfKeys: 3, lua: REPLY_SCRIPT });
  }

  private key(channel: Channel, what: 'all' | 'deliveries' | 'waiting' = 'all'): string {
    // One hash tag for both logs: a script on a Redis Cluster must keep its keys in one slot.
    return `${this.prefix}:budget:{${channel}}:${what}`;
  }

  private member(): string {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.process}:${this.sequence}`;
  }

  /**
   * A reply is about to be sent: resolves when it may go (it is then counted), with what to call once the platform
   * answered it (its place in the log moves to then, as a delivery's does). At once, unless deliveries beyond their
   * share fill the window: then once the oldest message left it. The replies of one turn of the event loop ask
   * together (one round trip). A Redis slow or down lets it go after REPLY_ASK_MS: replies never wait on it.
   */
  async turnForReply(channel: Channel): Promise<() => void> {
    if (!this.perSecond[channel] || this.redis.status !== 'ready') return NOTHING_TO_MARK;
    const member = this.member();
    for (let tries = 0; tries < REPLY_TRIES; tries++) {
      let late: ReturnType<typeof setTimeout> | undefined;
      const unanswered = new Promise<number>((go) => (late = setTimeout(() => go(0), REPLY_ASK_MS)));
      const wait = await Promise.race([this.askForReply(channel, member), unanswered]).finally(() =>
        clearTimeout(late),
      );
      if (!wait) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    return () => this.answeredNow(channel, member);
  }

  /** 0: this reply goes (counted); otherwise how many ms until it may ask again. */
  private async askForReply(channel: Channel, member: string): Promise<number> {
    const asking = gather(this.replying, channel, setImmediate, (members) =>
      this.script(channel, 'budgetForReplies', this.takeMarks(channel), members)
        .then((r) => (r as [number, number]).map(Number) as [number, number])
        .catch((): [number, number] => [members.length, 0]),
    );
    const position = asking.items.push(member) - 1;
    const [granted, wait] = await asking.result;
    return position < granted ? 0 : wait || 1;
  }

  /**
   * A delivery asks to go: 0 when it may (it is then counted), otherwise how many ms to wait. A Redis that does
   * not answer lets it go: the queue's own limiter still applies.
   */
  async forDelivery(channel: Channel): Promise<number> {
    return (await this.turnForDelivery(channel)).wait;
  }

  /**
   * As `forDelivery`; once sent, `sent()` moves the message in the log to when the platform answered it. The
   * deliveries that ask while the script of an earlier one is on its way are answered together by the next (one
   * round trip for all the concurrent jobs of a broadcast, not one each).
   */
  turnForDelivery(channel: Channel): Promise<DeliveryTurn> {
    if (!this.perSecond[channel]) return Promise.resolve({ wait: 0, sent: NOTHING_TO_MARK });
    return new Promise((answer) => {
      const asks = this.asking.get(channel);
      if (asks) asks.push({ member: this.member(), answer });
      else this.asking.set(channel, [{ member: this.member(), answer }]);
      if (!this.inFlight.has(channel)) void this.ask(channel);
    });
  }

  private async ask(channel: Channel): Promise<void> {
    const waiting = this.asking.get(channel) ?? [];
    const asks = waiting.splice(0, ASKS_PER_CALL);
    if (!waiting.length) this.asking.delete(channel);
    if (!asks.length) return;
    this.inFlight.add(channel);
    // The marks waiting go with it (no round trip of their own while deliveries keep asking).
    const marks = this.takeMarks(channel);
    // A Redis that does not answer lets them go: the queue's own limiter still applies.
    const [granted, wait] = await this.script(
      channel,
      'budgetForDelivery',
      marks,
      asks.map((a) => a.member),
    )
      .then((r) => (r as [number, number]).map(Number) as [number, number])
      .catch(() => [asks.length, 0]);
    this.inFlight.delete(channel);
    if (this.asking.has(channel)) void this.ask(channel);
    for (const [i, a] of asks.entries()) {
      if (i < granted) a.answer({ wait: 0, sent: () => this.answeredNow(channel, a.member) });
      else a.answer({ wait: wait || 1, sent: NOTHING_TO_MARK });
    }
  }

  /**
   * The platform answered: it counted the message at the latest now. Written with the next script that asks (a
   * delivery's or replies') if one goes within a few ms, else by itself with the others (one round trip), and only
   * if the message is still in the log (XX: one that already left it stays out).
   */
  private answeredNow(channel: Channel, member: string): void {
    const marks = this.answered.get(channel);
    if (marks) marks.push(this.nowMs(), member);
    else this.answered.set(channel, [this.nowMs(), member]);
    // Soon: a mark written late holds the message's slot longer (5 ms cost about 0.2 message/s at 30/s).
    this.flushingAnswered ??= setTimeout(() => this.flushAnswered(), ANSWERED_FLUSH_MS);
  }

  /** The "answered" marks waiting, for the script about to run (a delivery's or replies'). */
  private takeMarks(channel: Channel): (string | number)[] {
    const marks = this.answered.get(channel) ?? [];
    this.answered.delete(channel);
    if (!this.answered.size) {
      clearTimeout(this.flushingAnswered);
      this.flushingAnswered = undefined;
    }
    return marks;
  }

  /** Marks not carried by a delivery's script within their few ms: the same script, asking for nothing. */
  private flushAnswered(): void {
    this.flushingAnswered = undefined;
    const byChannel = this.answered;
    this.answered = new Map();
    for (const [channel, marks] of byChannel) void this.script(channel, 'budgetForDelivery', marks, []).catch(() => {});
  }

  /** A budget script (deliveries' or replies'): these "answered" marks (when, member, …) written, then these asking. */
  private script(
    channel: Channel,
    which: 'budgetForDelivery' | 'budgetForReplies',
    marks: (string | number)[],
    members: string[],
  ): Promise<unknown> {
    const limit = Math.max(1, Math.floor(this.perSecond[channel]!));
    const share = Math.max(1, Math.floor(limit * DELIVERY_SHARE));
    const keys = [this.key(channel), this.key(channel, 'deliveries'), this.key(channel, 'waiting')];
    const args = [this.nowMs(), WINDOW_MS, limit, share, marks.length / 2, ...marks, ...members];
    const scripted = this.redis as RedisClient & Record<typeof which, (...a: (string | number)[]) => Promise<unknown>>;
    return scripted[which](...keys, ...args);
  }
}
