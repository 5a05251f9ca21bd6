import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.ts';

/** mulberry32 written out (Tommy Ettinger's public-domain reference), to check the generator against. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("core's seeded generator", () => {
  it('is mulberry32: the same uniforms as the reference for a few seeds', () => {
    for (const seed of [0, 1, 0x5eed, 2 ** 32 - 1]) {
      const ref = mulberry32(seed);
      const rng = new Rng(seed);
      for (let i = 0; i < 100; i++) expect(rng.uniform()).toBe(ref());
    }
    expect(new Rng(7).uniform()).toBe(mulberry32(7)());
  });

  it('forks deterministically, so a new layer does not shift the others', () => {
    const a = new Rng(50).fork('layer1').uniform();
    expect(new Rng(50).fork('layer1').uniform()).toBe(a);
    expect(new Rng(50).fork('layer2').uniform()).not.toBe(a);
  });
});
