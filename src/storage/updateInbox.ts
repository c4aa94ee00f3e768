import { preparedQuery } from './preparedQuery.js';
import type { Db } from './database.js';

/**
 * Platform updates are claimed in the database before they are handled: an update_id is handled once
 * whatever the number of processes, re-sends (webhook retries) or re-fetches after a crash (polling). The
 * body is kept only until the update is handled, so one cut short by a crash is handled at the next start.
 */
export class UpdateInbox {
  /** Run once per update: compiled once (preparedQuery). */
  private readonly markDone: (v: { channel: string; updateId: string; at: string }) => Promise<unknown>;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.markDone = preparedQuery(db, (v: { channel: string; updateId: string; at: string }) =>
      db
        .updateTable('inbound_updates')
        .set({ body: null, done_at: v.at })
        .where('channel', '=', v.channel)
        .where('update_id', '=', v.updateId),
    );
  }

  /** True when this update is new (and now ours to handle); false when it was seen before. */
  async claim(channel: string, updateId: string, body: string): Promise<boolean> {
    const res = await this.db
      .insertInto('inbound_updates')
      .values({ channel, update_id: updateId, body, received_at: this.now().toISOString(), done_at: null })
      .onConflict((oc) => oc.columns(['channel', 'update_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
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

  /** Handled (or given up on): the body, which may hold a message, is dropped. */
  async done(channel: string, updateId: string): Promise<void> {
    await this.markDone({ channel, updateId, at: this.now().toISOString() });
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
