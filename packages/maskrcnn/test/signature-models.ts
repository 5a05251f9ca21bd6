/**
 * Small ONNX files with the Mask R-CNN signatures (built with the project's graph builder), so the command line can be
 * tested in seconds: two fixed boxes, scores from the image's mean colour through a MatMul and masks from a 1×1 Conv
 * of the pixels (so bf16 emulation has something to round).
 */
import { GraphBuilder, attr } from '@modelbench/onnx';
import { Rng } from '@modelbench/models';

/**
 * Scores [2] = sigmoid(mean colour · W + b). `fragile`: the logits are [1,1,1]·W + 1 with W's rows 2052, −2048, 0:
 * 5 in fp32 (score 0.993) but 1 in bf16 (2052 rounds to 2048; score 0.731) — what a precision bug looks like.
 */
function scores(g: GraphBuilder, images: string, output: string, fragile: boolean): void {
  const pooled = fragile ? g.constFloat('ones', [1, 1, 1]) : g.op('ReduceMean', [images], { axes: attr.ints([1, 2]), keepdims: attr.int(0) });
  const row = g.op('Unsqueeze', [pooled, g.constInt64('axis0', [0])]);
  const weights = fragile ? Float32Array.from([2052, 2052, -2048, -2048, 0, 0]) : new Rng(3).fillNormal(new Float32Array(6), 0, 0.1);
  const z = g.op('Add', [g.op('MatMul', [row, g.initializer('w', 'FLOAT', [3, 2], weights)]), g.constFloat('b', fragile ? [1, 1] : [2, 1])]);
  g.op('Reshape', [g.op('Sigmoid', [z]), g.constInt64('scores_shape', [2])], {}, output);
}

/**
 * torchvision export: images [3, H, W] → boxes [2, 4] (pixels of a 64×48 image), labels [2] (dog 18, person 1),
 * scores [2], masks [2, 1, H, W] = sigmoid of a 1×1 conv of the pixels (bright pixels in mask 0, dark in mask 1).
 */
export function torchvisionInstanceModel(options: { fragile?: boolean } = {}): Uint8Array {
  const g = new GraphBuilder('tv-maskrcnn');
  g.input('images', 'FLOAT', [3, 'H', 'W']);
  scores(g, 'images', 'scores', options.fragile ?? false);
  g.op('Identity', [g.constFloat('box_values', [4, 6, 30, 28, 20, 12, 60, 44], [2, 4])], {}, 'boxes');
  g.op('Identity', [g.constInt64('label_values', [18, 1])], {}, 'labels');
  const batched = g.op('Unsqueeze', ['images', g.constInt64('axis', [0])]);
  const w = g.initializer('mask_w', 'FLOAT', [2, 3, 1, 1], Float32Array.from([8, 8, 8, -8, -8, -8]));
  const conv = g.op('Conv', [batched, w, g.constFloat('mask_b', [-12, 12])], { kernel_shape: attr.ints([1, 1]) });
  g.op('Transpose', [g.op('Sigmoid', [conv])], { perm: attr.ints([1, 0, 2, 3]) }, 'masks');
  g.output('boxes', 'FLOAT', ['n', 4]);
  g.output('labels', 'INT64', ['n']);
  g.output('scores', 'FLOAT', ['n']);
  g.output('masks', 'FLOAT', ['n', 1, 'H', 'W']);
  return g.toBytes();
}

/** Zoo MaskRCNN-12: image [3, H, W] → 6568 boxes (resized pixels), 6570 labels (1..80), 6572 scores, 6887 masks 28×28. */
export function zooInstanceModel(labels: [number, number] = [17, 1]): Uint8Array {
  const g = new GraphBuilder('zoo-maskrcnn');
  g.input('image', 'FLOAT', [3, 'height', 'width']);
  scores(g, 'image', '6572', false);
  g.op('Identity', [g.constFloat('box_values', [40, 60, 400, 500, 300, 100, 700, 700], [2, 4])], {}, '6568');
  g.op('Identity', [g.constInt64('label_values', labels)], {}, '6570');
  const mask = new Float32Array(2 * 28 * 28).fill(0.1);
  for (let y = 7; y < 21; y++) for (let x = 7; x < 21; x++) mask[y * 28 + x] = 0.9; // mask 0: the centre half
  mask.fill(0.9, 784); // mask 1: everything
  g.op('Identity', [g.constFloat('mask_values', Array.from(mask), [2, 1, 28, 28])], {}, '6887');
  g.output('6568', 'FLOAT', ['nbox', 4]);
  g.output('6570', 'INT64', ['nbox']);
  g.output('6572', 'FLOAT', ['nbox']);
  g.output('6887', 'FLOAT', ['nbox', 1, 28, 28]);
  return g.toBytes();
}

/** A detector without masks (SSD's signature): no adapter here fits it. */
export function boxesOnlyModel(): Uint8Array {
  const g = new GraphBuilder('boxes-only');
  g.input('images', 'FLOAT', [3, 'H', 'W']);
  scores(g, 'images', 'scores', false);
  g.op('Identity', [g.constFloat('box_values', [4, 6, 30, 28, 20, 12, 60, 44], [2, 4])], {}, 'boxes');
  g.op('Identity', [g.constInt64('label_values', [18, 1])], {}, 'labels');
  g.output('boxes', 'FLOAT', ['n', 4]);
  g.output('labels', 'INT64', ['n']);
  g.output('scores', 'FLOAT', ['n']);
  return g.toBytes();
}
