/**
 * Accuracy mode (MLPerf LoadGen's TestMode::AccuracyOnly): every loaded sample index is issued exactly once through
 * the same instance pool, executors and SUT as the timed scenarios, and the SUT's responses come back by sample
 * index. Loadgen does not read them: they are the SUT's own (the harness's outputs), opaque here.
 *
 * Issued one sample per call, all submitted at once to the pool's queue (as LoadGen's accuracy mode issues the whole
 * loaded set): a sample's shape is its own (a photo's size, a question's windows), so two samples cannot be assumed
 * to stack into one call, and one response per call maps to one sample with no splitting. Nothing is timed: the pool's
 * accounting is kept but no figure of it is reported.
 */
import { BenchError } from '@modelbench/core';
import type { InstancePool } from './instance-pool.ts';

/** Issues every index once (each exactly once: a repeated index is a RangeError) and returns each one's response. */
export async function runAccuracyQueries(pool: InstancePool, indices: readonly number[]): Promise<Map<number, unknown>> {
  const responses = new Map<number, unknown>();
  const seen = new Set<number>();
  for (const i of indices) {
    if (seen.has(i)) throw new RangeError(`sample ${i} is issued twice: accuracy mode issues every sample once`);
    seen.add(i);
  }
  indices.forEach((i, queryId) => {
    pool.submit({ queryId, samples: [i], respond: true }, (_doneMs, _instance, response) => {
      // the SUT answers a call with one response per sample, in their order: this call's one
      if (Array.isArray(response) && response.length === 1) responses.set(i, response[0]);
    });
  });
  await Promise.race([pool.drain(), pool.failed]);
  const missing = indices.filter((i) => !responses.has(i));
  if (missing.length > 0) throw new BenchError('INTERNAL', `the SUT answered ${missing.length} of ${indices.length} accuracy samples without a response (first: sample ${missing[0]})`, { hint: 'its createInstance must answer run(indices, true) with { modelMs, response: one per index }' });
  return responses;
}
