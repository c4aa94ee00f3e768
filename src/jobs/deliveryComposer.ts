import type { Reply } from '../core/messages.js';
import { DELIVERY_TEXTS } from '../features/index.js';
import type { ComposerContext } from '../features/feature.js';
import type { Person } from '../storage/people.js';
import type { DeliveryKind, DeliveryPayload } from './deliveryQueue.js';

/**
 * Turns a queued delivery into the person's message through the feature that owns its kind; undefined when it
 * no longer needs sending. Every delivery kind must have exactly one owner (checked here, at start).
 */
export function createDeliveryComposer(ctx: ComposerContext) {
  const byKind = new Map<DeliveryKind, (payload: DeliveryPayload, person: Person) => Promise<Reply | undefined>>();
  for (const texts of DELIVERY_TEXTS) {
    const compose = texts.create(ctx);
    for (const kind of texts.kinds) {
      if (byKind.has(kind)) throw new Error(`delivery kind ${kind} has two owners`);
      byKind.set(kind, compose);
    }
  }
  return (payload: DeliveryPayload, person: Person): Promise<Reply | undefined> => {
    const compose = byKind.get(payload.kind);
    if (!compose) throw new Error(`no feature writes delivery kind ${payload.kind}`);
    return compose(payload, person);
  };
}
