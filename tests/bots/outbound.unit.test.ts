import { describe, expect, it } from 'vitest';
import { splitLongText } from '../../src/bots/outbound.js';

describe('splitting long texts', () => {
  it('cuts at line breaks, never inside a word, and loses nothing', () => {
    const text = Array.from({ length: 50 }, (_, i) => `ligne ${i} avec quelques mots`).join('\n');
    const parts = splitLongText(text, 100);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
    expect(parts.join('\n')).toBe(text);
    expect(splitLongText('court', 100)).toEqual(['court']);
  });
});
