/** Reading a model's outputs by name, with the one error every workload gives when one is missing. */
import { BenchError } from '@modelbench/core';
import type { HostTensor, Outputs } from '@modelbench/backends';

export function requireOutput(outputs: Outputs, name: string): HostTensor {
  const t = outputs[name];
  if (!t) throw new BenchError('INFERENCE_FAILED', `the model returned no output '${name}'`, { hint: 'check that --adapter fits the model (the adapter names the outputs it reads)' });
  return t;
}
