import type { ComposeDelivery, DeliveryWriter } from './featureParts.js';
import type { DeliveryKind } from './deliveryQueue.js';

/**
 * Turns a queued delivery into the person's message through the feature that owns its kind; undefined when it
 * no longer needs sending. Every delivery kind must have exactly one owner (checked here, at start).
 */
export function createDeliveryComposer(writers: DeliveryWriter[]): ComposeDelivery {
  const byKind = new Map<DeliveryKind, ComposeDelivery>();
  for (const writer of writers) {
    const compose = writer.create();
    for (const kind of writer.kinds) {
      if (byKind.has(kind)) throw new Error(`delivery kind ${kind} has two owners`);
      byKind.set(kind, compose);
    }
  }
  return (payload, person) => {
    const compose = byKind.get(payload.kind);
    if (!compose) throw new Error(`no feature writes delivery kind ${payload.kind}`);
    return compose(payload, person);
  };
}
