/** A one-image model's timed calls and the performance set rolled from its prepared image. */
import { describe, expect, it } from 'vitest';
import { imageCalls, oneImageSamples } from '../src/image-calls.ts';

describe('imageCalls', () => {
  it('a batch of 8 is 8 single-image calls, or one call of a model fixed at 8 copies; another fixed batch is refused', () => {
    expect(imageCalls({ staticBatch: null, inputShape: [3, 'H', 'W'] }, 8)).toEqual({
      batchMode: 'sequential',
      callsPerIteration: 8,
      samplesPerCall: 1,
      perCallText: '8 consecutive single-image calls per batch (the model takes one image)',
    });
    expect(imageCalls({ staticBatch: 1, inputShape: [1, 3, 300, 300] }, 3)).toMatchObject({ batchMode: 'sequential', callsPerIteration: 3, samplesPerCall: 1 });
    expect(imageCalls({ staticBatch: 8, inputShape: [8, 3, 300, 300] }, 8)).toEqual({ batchMode: 'tensor', callsPerIteration: 1, samplesPerCall: 8, perCallText: "one call of the model's fixed batch of 8 copies" });
    expect(() => imageCalls({ staticBatch: 8, inputShape: [8, 3, 300, 300] }, 4)).toThrow(expect.objectContaining({ code: 'USAGE', message: "--batch 4: this model's input [8,3,300,300] is fixed at a batch of 8 images per call" }));
  });
});

describe('oneImageSamples', () => {
  it('feeds sample i as the image rolled by i mod H rows, one image even where the model is fixed at a larger batch', () => {
    // a 1×2×2 image [a b; c d]: sample 1 is rolled one row ([c d; a b]), sample 2 one column ([b a; d c])
    const input = { data: Float32Array.of(1, 2, 3, 4), dims: [1, 2, 2] };
    const set = oneImageSamples({ inputName: 'images', batchedInput: true, staticBatch: 4 }, input, { count: 64, source: 'stated' }, { what: 'photo a.jpg', single: false });
    expect(set).toMatchObject({ performanceCount: 64, countSource: 'stated', totalCount: 4 });
    const feed = (i: number) => set.feedsOf(i)['images']!;
    expect(feed(1).dims).toEqual([1, 1, 2, 2]);
    expect([...(feed(1).data as Float32Array)]).toEqual([3, 4, 1, 2]);
    expect([...(feed(2).data as Float32Array)]).toEqual([2, 1, 4, 3]);
    expect(oneImageSamples({ inputName: 'images', batchedInput: false }, input, { count: 64, source: 'stated' }, { what: 'photo a.jpg', single: true })).toMatchObject({ totalCount: 1, describe: 'photo a.jpg, the only sample' });
  });
});
