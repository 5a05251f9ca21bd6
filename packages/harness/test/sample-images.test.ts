/** Distinct images from one: the roll of sample i, by hand on a 2 × 3 image of two planes. */
import { describe, expect, it } from 'vitest';
import { imageSamples, rolledImage } from '../src/sample-images.ts';

// planes [[0 1 2] [3 4 5]] and [[10 11 12] [13 14 15]]
const base = Float32Array.of(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
const dims = [2, 2, 3];

describe('rolledImage', () => {
  it('sample 0 is a copy of the image; sample 1 rolls one row; sample 2 (H = 2) one column; sample 3 both', () => {
    const zero = rolledImage(base, dims, 0);
    expect(zero).toEqual(base);
    expect(zero).not.toBe(base);
    expect([...rolledImage(base, dims, 1)]).toEqual([3, 4, 5, 0, 1, 2, 13, 14, 15, 10, 11, 12]);
    expect([...rolledImage(base, dims, 2)]).toEqual([1, 2, 0, 4, 5, 3, 11, 12, 10, 14, 15, 13]);
    expect([...rolledImage(base, dims, 3)]).toEqual([4, 5, 3, 1, 2, 0, 14, 15, 13, 11, 12, 10]);
  });

  it('the H × W = 6 first samples are 6 distinct tensors; a single photo is a set of one', () => {
    const set = imageSamples({ base, dims, feedsOf: (img) => ({ x: { type: 'float32', dims: [1, ...dims], data: img } }), count: 64, countSource: 'test', what: 'hand-made' });
    expect(set.totalCount).toBe(6);
    const keys = new Set(Array.from({ length: 6 }, (_, i) => [...set.feedsOf(i).x!.data].join(',')));
    expect(keys.size).toBe(6);
    expect(imageSamples({ base, dims, feedsOf: () => ({}), count: 64, countSource: 'test', what: 'photo', single: true }).totalCount).toBe(1);
  });
});
