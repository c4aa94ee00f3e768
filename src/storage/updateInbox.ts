import { sql } from 'kysely';
import type { Db } from './database.js';
import { type Batch, gather, isPostgres } from './together.js';

/** How long finished updates wait to be marked done together (SQLite). */
const DONE_BATCH_MS = 2;
/**
 * PostgreSQL: how long they wait for the next claim to carry them in its statement (under load one comes within
 * a few ms), before they are marked on their own. Nobody waits on it: the chat's next update is already free.
 */
const DONE_RIDE_MS = 20;
/**
 * PostgreSQL: how long a webhook update waits for others to be claimed with it. Webhook requests arrive one by
 * one, seldom in the same turn of the event loop; a few ms gather several, and the updates claimed together
 * then read their people and flows together too (src/storage/together.ts).
 */
const CLAIM_GATHER_MS = 3;

/** Done marks waiting for a claim's statement; `marked` settles once they are written. */
interface Riding {
  ids: string[];
  marked: Promise<void>;
  settle: (err?: unknown) => void;
}

/**
 * Platform updates are claimed in the database before they are handled: an update_id is handled once
 * whatever the number of processes, re-sends (webhook retries) or re-fetches after a crash (polling). The
 * body is kept only until the update is handled, so one cut short by a crash is handled at the next start.
 */
export class UpdateInbox {
  /** Per channel: updates arriving together, claimed in one statement. */
  private readonly arriving = new Map<string, Batch<{ updateId: string; body: string }, Set<string>>>();
  /** Per channel: updates handled, marked done together. */
  private readonly finished = new Map<string, Batch<string, void>>();
  /** PostgreSQL, per channel: done marks the next claim takes into its statement, and how to tell their callers. */
  private readonly riding = new Map<string, Riding>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * True when this update is new (and now ours to handle); false when it was seen before. Updates arriving in
   * the same turn of the event loop (webhook requests in parallel) are claimed in one statement.
   */
  async claim(channel: string, updateId: string, body: string): Promise<boolean> {
    const wait = isPostgres(this.db) ? (go: () => void) => setTimeout(go, CLAIM_GATHER_MS) : setImmediate;
    const batch = gather(this.arriving, channel, wait, (updates) => this.claimMany(channel, updates));
    // The same update twice in one batch (a re-send): the first is ours, the second was seen before.
    const twice = batch.items.some((u) => u.updateId === updateId);
    if (!twice) batch.items.push({ updateId, body });
    return !twice && (await batch.result).has(updateId);
  }

  /**
   * Claims a batch (a getUpdates answer) in one statement; returns the ids that are new, now ours. On PostgreSQL
   * the same statement marks the updates finished meanwhile done (one round trip fewer per update).
   */
  async claimMany(channel: string, updates: { updateId: string; body: string }[]): Promise<Set<string>> {
    if (!updates.length) return new Set();
    const receivedAt = this.now().toISOString();
    if (isPostgres(this.db)) return this.claimCarryingDone(channel, updates, receivedAt);
    const rows = await this.db
      .insertInto('inbound_updates')
      .values(
        updates.map((u) => ({ channel, update_id: u.updateId, body: u.body, received_at: receivedAt, done_at: null })),
      )
      .onConflict((oc) => oc.columns(['channel', 'update_id']).doNothing())
      .returning('update_id')
      .execute();
    return new Set(rows.map((r) => r.update_id));
  }

  private async claimCarryingDone(
    channel: string,
    updates: { updateId: string; body: string }[],
    at: string,
  ): Promise<Set<string>> {
    const done = this.riding.get(channel);
    this.riding.delete(channel);
    const ids = done?.ids ?? [];
    try {
      const { rows } = await sql<{ update_id: string }>`
        with done as (
          update inbound_updates set body = null, done_at = ${at}
          where channel = ${channel} and update_id = any(${ids}::text[])
        )
        insert into inbound_updates (channel, update_id, body, received_at, done_at)
        select ${channel}, u.update_id, u.body, ${at}, null
        from unnest(${updates.map((u) => u.updateId)}::text[], ${updates.map((u) => u.body)}::text[])
          as u(update_id, body)
        on conflict (channel, update_id) do nothing
        returning update_id`.execute(this.db);
      done?.settle();
      return new Set(rows.map((r) => r.update_id));
    } catch (err) {
      // The claim failed (its caller answers 500 for a retry): the done marks are not lost with it.
      if (done) this.markAlone(channel, done);
      throw err;
    }
  }

  /**
   * Handled (or given up on): the body, which may hold a message, is dropped. Updates finished within the same
   * couple of milliseconds are marked in one statement (under load, one statement fewer per update); on
   * PostgreSQL they ride with the next claim instead (see DONE_RIDE_MS). A crash in that window replays them at
   * start, as one between the reply and the mark always could.
   */
  done(channel: string, updateId: string): Promise<void> {
    if (isPostgres(this.db)) {
      let riding = this.riding.get(channel);
      if (!riding) {
        let settle: (err?: unknown) => void = () => {};
        const marked = new Promise<void>((resolve, reject) => {
          settle = (err) => (err ? reject(err) : resolve());
        });
        const ride: Riding = { ids: [], marked, settle };
        this.riding.set(channel, ride);
        setTimeout(() => {
          // No claim came to carry them: marked on their own.
          if (this.riding.get(channel) !== ride) return;
          this.riding.delete(channel);
          this.markAlone(channel, ride);
        }, DONE_RIDE_MS);
        riding = ride;
      }
      riding.ids.push(updateId);
      return riding.marked;
    }
    const wait = (go: () => void) => setTimeout(go, DONE_BATCH_MS);
    const batch = gather(this.finished, channel, wait, (ids) => this.markDone(channel, ids));
    batch.items.push(updateId);
    return batch.result;
  }

  /** At a stop: done marks still waiting for a claim to carry them are written now, not replayed at the next start. */
  async flush(): Promise<void> {
    const riding = [...this.riding];
    this.riding.clear();
    await Promise.all(riding.map(([channel, ride]) => this.markAlone(channel, ride)));
  }

  /** Done marks that no claim carried, written by themselves; their callers told when (or why not). */
  private markAlone(channel: string, ride: Riding): Promise<void> {
    return this.markDone(channel, ride.ids).then(() => ride.settle(), ride.settle);
  }

  private async markDone(channel: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await this.db
        .updateTable('inbound_updates')
        .set({ body: null, done_at: this.now().toISOString() })
        .where('channel', '=', channel)
        .where('update_id', 'in', ids.slice(i, i + 500))
        .execute();
  }

  /** Updates claimed but never finished (the process died meanwhile), received within `withinMs`. */
  async unfinished(channel: string, withinMs: number): Promise<{ updateId: string; body: string }[]> {
    const since = new Date(this.now().getTime() - withinMs).toISOString();
    const rows = await this.db
      .selectFrom('inbound_updates')
      .select(['update_id', 'body'])
      .where('channel', '=', channel)
      .where('done_at', 'is', null)
      .where('received_at', '>', since)
      .orderBy('received_at')
      .execute();
    return rows.filter((r) => r.body !== null).map((r) => ({ updateId: r.update_id, body: r.body! }));
  }

  /** Forgets claims older than `before` (and gives up on unfinished ones that old). */
  async purge(before: Date): Promise<number> {
    const res = await this.db
      .deleteFrom('inbound_updates')
      .where('received_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
