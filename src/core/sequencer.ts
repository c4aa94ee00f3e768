/**
 * Runs tasks one after another per key and concurrently across keys: one person's messages in the order
 * they came (a double tap does not race), different people at the same time. Keys with nothing pending
 * are forgotten.
 */
export class KeyedSequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const settled = result.catch(() => {});
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work in progress or waiting. */
  get busy(): number {
    return this.tails.size;
  }
}
