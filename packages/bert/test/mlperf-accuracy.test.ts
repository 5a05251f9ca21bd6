import { describe, expect, it } from 'vitest';
import { interleavedLogits, referenceWindowCount } from '../src/mlperf-accuracy.ts';

describe("BERT's MLPerf accuracy log: the reference's features and logits layout", () => {
  it('counts the windows convert_examples_to_features makes (max_seq_length 384, doc_stride 128, max_query_length 64)', () => {
    // a 10-token question leaves 384 − 10 − 3 = 371 context tokens a feature
    expect(referenceWindowCount(300, 10)).toBe(1);
    expect(referenceWindowCount(371, 10)).toBe(1);
    // 500 tokens: [0, 371), [128, 499), [256, 500): windows start every 128 tokens until one reaches the end
    expect(referenceWindowCount(500, 10)).toBe(3);
    // an 80-token question is cut to 64: 384 − 64 − 3 = 317 a feature
    expect(referenceWindowCount(317, 80)).toBe(1);
    expect(referenceWindowCount(318, 80)).toBe(2);
  });

  it('writes [start_0, end_0, start_1, end_1, …] as little-endian float32, what the script reshapes to (-1, 2)', () => {
    const bytes = interleavedLogits([1, -2], [0.5, 3]);
    const view = new DataView(bytes.buffer);
    expect([0, 1, 2, 3].map((i) => view.getFloat32(i * 4, true))).toEqual([1, 0.5, -2, 3]);
    // 1.0f is 0x3F800000: its bytes little-endian
    expect(Buffer.from(bytes.subarray(0, 4)).toString('hex')).toBe('0000803f');
  });
});
