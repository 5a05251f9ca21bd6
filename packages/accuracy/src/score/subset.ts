/** `--offset N` and `--limit N`: the samples [offset, offset + limit) of a data set, checked against its size. */
import { BenchError } from '@modelbench/core';

export interface SubsetSpec {
  offset: number;
  /** null: to the end */
  limit: number | null;
}

export interface Subset extends SubsetSpec {
  start: number;
  /** exclusive */
  end: number;
  count: number;
}

export function selectSubset(total: number, spec: Partial<SubsetSpec> = {}): Subset {
  const offset = spec.offset ?? 0;
  const limit = spec.limit ?? null;
  if (!Number.isInteger(offset) || offset < 0) throw new BenchError('USAGE', `--offset must be a whole number ≥ 0, got ${offset}`, { hint: 'for example --offset 1000' });
  if (limit !== null && (!Number.isInteger(limit) || limit <= 0)) throw new BenchError('USAGE', `--limit must be a whole number > 0, got ${limit}`, { hint: 'for example --limit 500' });
  if (offset >= total) {
    throw new BenchError('USAGE', `--offset ${offset} is past the end of the data set (${total} samples)`, { hint: `use an offset below ${total}` });
  }
  const end = limit === null ? total : Math.min(total, offset + limit);
  return { offset, limit, start: offset, end, count: end - offset };
}

export function applySubset<T>(items: readonly T[], subset: Subset): T[] {
  return items.slice(subset.start, subset.end);
}
