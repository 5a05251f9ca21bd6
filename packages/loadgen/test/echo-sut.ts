/**
 * A SUT module for the worker tests (no backend: loadgen knows none). Its "model time" is the sum of the sample
 * indices of the call, so a test can tell which indices arrived; each call also writes them into the payload's
 * shared Int32Array (shared with a worker thread, copied into a child process). Asked to respond, it answers each
 * sample i with { sample: i, twice: Float32Array [2 i] }; `load` replaces the set's count.
 */
import type { InstanceSpec, SutInstance } from '../src/executor.ts';

export interface EchoPayload {
  count: number;
  seen: Int32Array;
}

export async function createInstance(payload: unknown, spec: InstanceSpec): Promise<SutInstance> {
  const p = payload as EchoPayload;
  if (p.count < 1) throw Object.assign(new Error('an empty sample set'), { code: 'USAGE', hint: 'give the set a sample' });
  return {
    sessionOptions: { threads: spec.threads },
    warnings: [],
    async run(indices, respond) {
      for (const i of indices) if (i >= p.count) throw Object.assign(new Error(`sample ${i} is not in a set of ${p.count}`), { code: 'INFERENCE_FAILED' });
      indices.forEach((x, k) => (p.seen[k] = x));
      const modelMs = indices.reduce((a, b) => a + b, 0);
      return respond ? { modelMs, response: indices.map((i) => ({ sample: i, twice: Float32Array.of(2 * i) })) } : modelMs;
    },
    async load(samples) {
      p.count = (samples as { count: number }).count;
    },
    close: async () => undefined,
  };
}
