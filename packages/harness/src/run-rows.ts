/**
 * Running one sample's feeds in bounded chunks of rows: when a workload's feeds are a batch of independent rows along
 * their first dimension (BERT's windows of one long context), at most `maxRows` go into one model call and the
 * outputs are joined back, so the model's peak memory is that of `maxRows` rows, whatever the sample's length.
 */
import type { Feeds, HostTensor, Outputs } from '@modelbench/backends';

/** Rows [from, to) of a tensor along its first dimension (a view, no copy). */
export function rowsOf(t: HostTensor, from: number, to: number): HostTensor {
  const rowSize = t.dims.slice(1).reduce((a, d) => a * d, 1);
  return { type: t.type, dims: [to - from, ...t.dims.slice(1)], data: t.data.subarray(from * rowSize, to * rowSize) } as HostTensor;
}

/** Tensors joined along their first dimension (the same type and trailing dims). */
export function joinRows(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  const Ctor = first.data.constructor as new (n: number) => HostTensor['data'];
  const data = new Ctor(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    (data as Float32Array).set(p.data as Float32Array, at);
    at += p.data.length;
  }
  return { type: first.type, dims: [parts.reduce((n, p) => n + (p.dims[0] ?? 0), 0), ...first.dims.slice(1)], data } as HostTensor;
}

export type RunFn = (feeds: Feeds, names: readonly string[]) => Promise<Outputs>;

/** One sample's outputs, its feeds run at most `maxRows` rows a call (all feeds share the first dimension). */
export async function runInRows(run: RunFn, feeds: Feeds, names: readonly string[], maxRows?: number): Promise<Outputs> {
  const rows = Object.values(feeds)[0]?.dims[0] ?? 0;
  if (maxRows === undefined || rows <= maxRows) return run(feeds, names);
  const parts: Outputs[] = [];
  for (let from = 0; from < rows; from += maxRows) {
    const to = Math.min(from + maxRows, rows);
    parts.push(await run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, rowsOf(t, from, to)])), names));
  }
  return Object.fromEntries(Object.keys(parts[0]!).map((k) => [k, joinRows(parts.map((p) => p[k]!))]));
}
