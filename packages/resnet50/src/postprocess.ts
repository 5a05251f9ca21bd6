/** ResNet50 post-processing: logits → the top-k ImageNet classes with softmax probabilities. Pure. */
import { BenchError } from '@modelbench/core';
import type { Outputs } from '@modelbench/backends';
import { IMAGENET_SYNSET_FILE, loadImagenetClasses, softmax, topK, type ImagenetClass } from '@modelbench/vision';
import type { ClassifierBinding } from './adapters.ts';

export interface ClassProbability {
  index: number;
  name: string;
  probability: number;
}

/** One photo's prediction: its 1000 logits and the top 5 classes. */
export interface Classification {
  logits: Float32Array;
  top: ClassProbability[];
}

let classes: ImagenetClass[] | undefined;

/** The 1000 ImageNet class names (synset.txt), read once. */
export function imagenetClasses(): ImagenetClass[] {
  classes ??= loadImagenetClasses(IMAGENET_SYNSET_FILE);
  return classes;
}

export function topClasses(logits: ArrayLike<number>, names: readonly ImagenetClass[], k = 5): ClassProbability[] {
  const p = softmax(logits);
  return topK(p, k).map((index) => ({ index, name: names[index]?.names ?? `class ${index}`, probability: p[index] as number }));
}

/** Row `row` of an [N,1000] output. */
export function logitsRow(output: Float32Array, row: number, count = 1000): Float32Array {
  return output.subarray(row * count, (row + 1) * count);
}

export function classify(outputs: Outputs, bound: ClassifierBinding, adapterName = 'the adapter'): Classification {
  const logits = outputs[bound.outputName]?.data;
  if (!(logits instanceof Float32Array) || logits.length !== 1000) {
    throw new BenchError('MODEL_SIGNATURE', `output '${bound.outputName}' is not 1000 float32 logits (${adapterName})`);
  }
  const copy = new Float32Array(logits);
  return { logits: copy, top: topClasses(copy, imagenetClasses()) };
}
