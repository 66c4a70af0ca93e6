import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawKey, publicDraw } from './draw.js';

const SEED = 'a3f1c9e27b5d40865e1f0c2d9b7a6e3f4c5d6e7f8091a2b3c4d5e6f708192a3b';

describe('public draw', () => {
  it('key = sha256hex("vallamaja/draw/v1\\n" ‖ seed ‖ "\\n" ‖ label ‖ "\\n" ‖ id), recomputable by anyone', () => {
    const expected = createHash('sha256').update(`vallamaja/draw/v1\n${SEED}\narea-1/rank-3\nidea-17`).digest('hex');
    expect(drawKey(SEED, 'area-1/rank-3', 'idea-17')).toBe(expected);
  });

  it('orders by key ascending, whatever order the items come in', () => {
    const ids = ['idea-1', 'idea-2', 'idea-3', 'idea-4', 'idea-5'];
    const a = publicDraw(SEED, 'tie', ids);
    const b = publicDraw(SEED, 'tie', [...ids].reverse());
    expect(a.order).toEqual(b.order);
    const keys = a.order.map((id) => a.keys[id]!);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(a.order)).toEqual(new Set(ids));
  });

  it('another seed or label gives an independent draw', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const a = publicDraw(SEED, 'tie', ids).order;
    expect(publicDraw(SEED.replace(/^a/, 'b'), 'tie', ids).order).not.toEqual(a);
    expect(publicDraw(SEED, 'tie-2', ids).order).not.toEqual(a);
  });

  it('refuses a missing seed and repeated items', () => {
    expect(() => publicDraw('', 'tie', ['a', 'b'])).toThrow(/seed/);
    expect(() => publicDraw(SEED, 'tie', ['a', 'a'])).toThrow(/distinct/);
  });
});
