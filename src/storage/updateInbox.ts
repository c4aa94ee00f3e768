import type { Db } from './database.js';
import { type Batch, gather } from './together.js';

/** How long finished updates wait to be marked done together. */
const DONE_BATCH_MS = 2;

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

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * True when this update is new (and now ours to handle); false when it was seen before. Updates arriving in
   * the same turn of the event loop (webhook requests in parallel) are claimed in one statement.
   */
  async claim(channel: string, updateId: string, body: string): Promise<boolean> {
    const batch = gather(this.arriving, channel, setImmediate, (updates) => this.claimMany(channel, updates));
    // The same update twice in one batch (a re-send): the first is ours, the second was seen before.
    const twice = batch.items.some((u) => u.updateId === updateId);
    if (!twice) batch.items.push({ updateId, body });
    return !twice && (await batch.result).has(updateId);
  }

  /** Claims a batch (a getUpdates answer) in one statement; returns the ids that are new, now ours. */
  async claimMany(channel: string, updates: { updateId: string; body: string }[]): Promise<Set<string>> {
    if (!updates.length) return new Set();
    const receivedAt = this.now().toISOString();
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

  /**
   * Handled (or given up on): the body, which may hold a message, is dropped. Updates finished within the same
   * couple of milliseconds are marked in one statement (under load, one statement fewer per update); a crash
   * in that window replays them at start, as one between the reply and the mark always could.
   */
  done(channel: string, updateId: string): Promise<void> {
    const wait = (go: () => void) => setTimeout(go, DONE_BATCH_MS);
    const batch = gather(this.finished, channel, wait, (ids) => this.markDone(channel, ids));
    batch.items.push(updateId);
    return batch.result;
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
