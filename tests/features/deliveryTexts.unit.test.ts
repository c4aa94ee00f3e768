import { describe, expect, it } from 'vitest';
import { DELIVERY_TEXTS } from '../../src/features/index.js';
import { DELIVERY_KINDS } from '../../src/jobs/deliveryQueue.js';

describe('proactive messages', () => {
  it('every delivery kind is written by exactly one feature', () => {
    const owned = DELIVERY_TEXTS.flatMap((t) => t.kinds);
    expect([...owned].sort()).toEqual([...DELIVERY_KINDS].sort());
  });
});
