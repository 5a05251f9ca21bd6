/** runInRows: a sample's rows fed at most N a call, every feed cut alike, the outputs joined back in order. */
import { describe, expect, it } from 'vitest';
import type { Feeds, Outputs } from '@modelbench/backends';
import { runInRows } from '../src/run-rows.ts';

/** 5 rows of 3: ids int64 [5,3] = 0..14, mask [5,3]; the "model" returns each row's sum (float [rows]) and the ids back. */
const feeds: Feeds = {
  ids: { type: 'int64', dims: [5, 3], data: BigInt64Array.from({ length: 15 }, (_, i) => BigInt(i)) },
  mask: { type: 'int64', dims: [5, 3], data: new BigInt64Array(15).fill(1n) },
};

function model(calls: number[][]): (f: Feeds) => Promise<Outputs> {
  return async (f) => {
    const ids = f.ids!;
    const rows = ids.dims[0]!;
    expect(f.mask!.dims).toEqual(ids.dims);
    calls.push([rows, Number((ids.data as BigInt64Array)[0])]);
    const sums = Float32Array.from({ length: rows }, (_, r) => [0, 1, 2].reduce((s, c) => s + Number((ids.data as BigInt64Array)[r * 3 + c]), 0));
    return { sum: { type: 'float32', dims: [rows], data: sums }, echo: { type: 'int64', dims: [rows, 3], data: BigInt64Array.from(ids.data as BigInt64Array) } };
  };
}

describe('runInRows', () => {
  it('cuts 5 rows into calls of 2, 2 and 1 and joins the outputs in order', async () => {
    const calls: number[][] = [];
    const out = await runInRows(model(calls), feeds, ['sum', 'echo'], 2);
    expect(calls).toEqual([
      [2, 0],
      [2, 6],
      [1, 12],
    ]); // [rows, first id] of each call
    // row sums 0+1+2, 3+4+5, …: 3, 12, 21, 30, 39
    expect(out.sum).toEqual({ type: 'float32', dims: [5], data: Float32Array.from([3, 12, 21, 30, 39]) });
    expect(out.echo!.dims).toEqual([5, 3]);
    expect(Array.from(out.echo!.data as BigInt64Array)).toEqual(Array.from(feeds.ids!.data as BigInt64Array));
  });

  it('one call when the rows fit or there is no limit', async () => {
    for (const limit of [5, 16, undefined]) {
      const calls: number[][] = [];
      await runInRows(model(calls), feeds, ['sum'], limit);
      expect(calls).toEqual([[5, 0]]);
    }
  });
});
