import { describe, expect, it } from 'vitest';
import { FEATURE_MODULES } from '../../src/features/index.js';
import { DELIVERY_KINDS } from '../../src/jobs/deliveryQueue.js';

describe('proactive messages', () => {
  it('every delivery kind is written by exactly one feature', () => {
    const owned = FEATURE_MODULES.flatMap((m) => m.deliveryTexts ?? []).flatMap((t) => t.kinds);
    expect([...owned].sort()).toEqual([...DELIVERY_KINDS].sort());
  });
});
