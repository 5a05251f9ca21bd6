/** ResNet50 post-processing: logits → the top-k ImageNet classes with softmax probabilities. Pure. */
import { softmax, topK, type ImagenetClass } from '@modelbench/vision';

export interface ClassProbability {
  index: number;
  name: string;
  probability: number;
}

export function topClasses(logits: ArrayLike<number>, classes: readonly ImagenetClass[], k = 5): ClassProbability[] {
  const p = softmax(logits);
  return topK(p, k).map((index) => ({ index, name: classes[index]?.names ?? `class ${index}`, probability: p[index] as number }));
}

/** Row `row` of an [N,1000] output. */
export function logitsRow(output: Float32Array, row: number, classes = 1000): Float32Array {
  return output.subarray(row * classes, (row + 1) * classes);
}
