/**
 * Small ONNX files with the SSD signatures (built with the project's graph builder): two fixed boxes whose scores
 * depend on the image's mean colour through a MatMul (so bf16 emulation has something to round).
 */
import { GraphBuilder, attr } from '@modelbench/onnx';
import { Rng } from '@modelbench/models';

function scoresFrom(g: GraphBuilder, pooled3: string, shape: number[], output: string, weights?: Float32Array, bias = [2, 1]): void {
  const row = g.op('Unsqueeze', [pooled3, g.constInt64('axis0', [0])]); // [1, 3]
  const w = g.initializer('w', 'FLOAT', [3, 2], weights ?? new Rng(3).fillNormal(new Float32Array(6), 0, 0.1));
  const z = g.op('Add', [g.op('MatMul', [row, w]), g.constFloat('b', bias)]);
  g.op('Reshape', [g.op('Sigmoid', [z]), g.constInt64('scores_shape', shape)], {}, output);
}

/**
 * torchvision export: images [3, H, W] → boxes [2, 4] (pixels), labels [2] (dog 18, person 1), scores [2].
 * `fragile`: the score logits are [1, 1, 1]·W + 1 with W's rows 2052, −2048, 0: 5 in fp32 (score 0.993), but bf16
 * rounds 2052 to 2048, so 1 in bf16 (score 0.731): what a precision bug looks like.
 */
export function torchvisionDetector(options: { fragile?: boolean; labels?: [number, number] } = {}): Uint8Array {
  const names = ['boxes', 'labels', 'scores'] as const;
  const g = new GraphBuilder('tv-ssd');
  g.input('images', 'FLOAT', [3, 'H', 'W']);
  const pooled = g.op('ReduceMean', ['images'], { axes: attr.ints([1, 2]), keepdims: attr.int(0) });
  if (options.fragile) scoresFrom(g, g.constFloat('ones', [1, 1, 1]), [2], names[2], Float32Array.from([2052, 2052, -2048, -2048, 0, 0]), [1, 1]);
  else scoresFrom(g, pooled, [2], names[2]);
  g.op('Identity', [g.constFloat('box_values', [4, 6, 30, 28, 10, 12, 40, 36], [2, 4])], {}, names[0]);
  g.op('Identity', [g.constInt64('label_values', options.labels ?? [18, 1])], {}, names[1]);
  g.output(names[0], 'FLOAT', ['n', 4]);
  g.output(names[1], 'INT64', ['n']);
  g.output(names[2], 'FLOAT', ['n']);
  return g.toBytes();
}

/** Zoo ssd-12: image [1, 3, 1200, 1200] → bboxes [1, 2, 4] (normalised x1 y1 x2 y2), labels [1, 2] (1..80), scores. */
export function zooDetector(labels: [number, number] = [17, 1]): Uint8Array {
  const g = new GraphBuilder('zoo-ssd');
  g.input('image', 'FLOAT', [1, 3, 1200, 1200]);
  const pooled = g.op('ReduceMean', ['image'], { axes: attr.ints([0, 2, 3]), keepdims: attr.int(0) });
  scoresFrom(g, pooled, [1, 2], 'scores');
  g.op('Identity', [g.constFloat('box_values', [0.1, 0.2, 0.5, 0.6, 0.3, 0.1, 0.9, 0.8], [1, 2, 4])], {}, 'bboxes');
  g.op('Identity', [g.constInt64('label_values', labels, [1, 2])], {}, 'labels');
  g.output('bboxes', 'FLOAT', [1, 'nbox', 4]);
  g.output('labels', 'INT64', [1, 'nbox']);
  g.output('scores', 'FLOAT', [1, 'nbox']);
  return g.toBytes();
}

/** A classifier, not a detector: images [3, H, W] → logits [1000]. */
export function notADetector(): Uint8Array {
  const g = new GraphBuilder('not-ssd');
  g.input('images', 'FLOAT', [3, 'H', 'W']);
  const pooled = g.op('ReduceMean', ['images'], { axes: attr.ints([1, 2]), keepdims: attr.int(0) });
  g.op('MatMul', [g.op('Unsqueeze', [pooled, g.constInt64('axis0', [0])]), g.initializer('w', 'FLOAT', [3, 1000], new Float32Array(3000).fill(0.01))], {}, 'logits');
  g.output('logits', 'FLOAT', [1, 1000]);
  return g.toBytes();
}
