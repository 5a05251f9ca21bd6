/**
 * torchvision MaskRCNNHeads (four 3×3 convs of 256 with bias + ReLU on 14×14 RoI features) and MaskRCNNPredictor
 * (ConvTranspose2d 256→256, kernel 2, stride 2, + ReLU; 1×1 conv to 91 mask logits at 28×28), then maskrcnn_inference:
 * sigmoid of the logit map of each detection's label. Init as torchvision: kaiming_normal(fan_out, relu), bias 0.
 */
import { attr } from '../../onnx/types.ts';
import type { Layers, Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';
import { multiScaleRoiAlign } from './roi-pool.ts';

export interface MaskProbabilities {
  /** [n, 1, 28, 28] probabilities, rows in the order of the detections given */
  masks: string;
  /** MACs per detection */
  macsPerDetection: number;
}

function convTranspose2x2(l: Layers, x: Sym, outChannels: number, stem: string): Sym {
  const [cin, h, w] = x.shape as [number, number, number];
  const count = cin * outChannels * 4;
  const weight = l.rng.fillNormal(new Float32Array(count), 0, Math.sqrt(2 / (outChannels * 4)));
  const y = l.g.op(
    'ConvTranspose',
    [x.name, l.g.initializer(`${stem}.weight`, 'FLOAT', [cin, outChannels, 2, 2], weight, true), l.g.initializer(`${stem}.bias`, 'FLOAT', [outChannels], new Float32Array(outChannels), true)],
    { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) },
  );
  l.g.count(0, count * h * w);
  return { name: y, shape: [outChannels, 2 * h, 2 * w] };
}

export function maskBranch(o: GraphOps, l: Layers, pyramid: readonly string[], boxes: string, labels: string): MaskProbabilities {
  const macsBefore = l.g.macs;
  const pooled = multiScaleRoiAlign(o, pyramid, boxes, C.maskRoiSize);
  let x: Sym = { name: o.concat(pooled.perLevel, 0), shape: [C.fpnChannels, C.maskRoiSize, C.maskRoiSize] };
  C.maskLayers.forEach((channels, i) => {
    x = l.relu(l.conv2d(x, { outChannels: channels, kernel: 3, padding: 1, bias: true }, `roi_heads.mask_head.${i}.0`));
  });
  x = l.relu(convTranspose2x2(l, x, C.maskPredictorChannels, 'roi_heads.mask_predictor.conv5_mask'));
  const logits = l.conv2d(x, { outChannels: C.numClasses, kernel: 1, bias: true }, 'roi_heads.mask_predictor.mask_fcn_logits');

  // Select each detection's own class map (labels follow the pooled order), then undo the level grouping.
  const side = logits.shape[1] as number;
  const pooledLabels = o.reshape(o.gather(labels, pooled.order), [-1, 1, 1, 1]);
  const index = o.op('Expand', [pooledLabels, o.i64([1, 1, side, side])]);
  const selected = o.op('Sigmoid', [o.op('GatherElements', [logits.name, index], { axis: attr.int(1) })]);
  const positions = o.op('Range', [o.i64(0), o.squeeze(o.rows(pooled.order), [0]), o.i64(1)]);
  const inverse = o.op('ScatterElements', [o.mul(pooled.order, o.i64(0)), pooled.order, positions], { axis: attr.int(0) });
  return { masks: o.gather(selected, inverse), macsPerDetection: l.g.macs - macsBefore };
}
