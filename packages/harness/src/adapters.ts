/**
 * Signature adapters: each maps one family of model signatures (torchvision export, ONNX Model Zoo, Hugging Face …)
 * to a workload's canonical feeds and predictions. Chosen by matching the loaded model's inputs and outputs, or forced
 * with --adapter; no match is an error listing every known signature with what was found.
 */
import { BenchError } from '@modelbench/core';
import type { TensorSpec } from '@modelbench/backends';

export interface ModelSignature {
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
  /** the model file, when an adapter's bind needs more than the signature (e.g. an embedding table's rows) */
  modelPath?: string;
}

export interface SignatureAdapter {
  readonly name: string;
  /** one line: what signature this adapter expects, e.g. `input float[N,3,224,224] -> [N,1000]` */
  readonly signature: string;
  /** null when the model fits, otherwise why it does not */
  match(sig: ModelSignature): string | null;
}

export function describeSignature(sig: ModelSignature): string {
  const t = (s: TensorSpec): string => `${s.name} ${s.type}[${s.shape.join(',')}]`;
  return `inputs ${sig.inputs.map(t).join(', ')} -> outputs ${sig.outputs.map(t).join(', ')}`;
}

export function selectAdapter<A extends SignatureAdapter>(adapters: readonly A[], sig: ModelSignature, forced?: string): A {
  if (forced !== undefined) {
    const a = adapters.find((x) => x.name === forced);
    if (!a) {
      throw new BenchError('USAGE', `unknown adapter '${forced}'`, { hint: `adapters: ${adapters.map((x) => x.name).join(', ')}` });
    }
    const why = a.match(sig);
    if (why) throw new BenchError('MODEL_SIGNATURE', `adapter '${forced}' does not fit this model: ${why}`, { hint: `the model has ${describeSignature(sig)}` });
    return a;
  }
  const reasons: string[] = [];
  for (const a of adapters) {
    const why = a.match(sig);
    if (!why) return a;
    reasons.push(`${a.name} (${a.signature}): ${why}`);
  }
  throw new BenchError('MODEL_SIGNATURE', `no adapter knows this model's signature: ${describeSignature(sig)}`, {
    hint: `known signatures:\n    ${reasons.join('\n    ')}`,
  });
}

/** Helpers for adapters' match functions. */
export function dimsMatch(actual: readonly (number | string)[], expected: readonly (number | string | null)[]): boolean {
  if (actual.length !== expected.length) return false;
  return expected.every((e, i) => e === null || typeof actual[i] === 'string' || actual[i] === e);
}
