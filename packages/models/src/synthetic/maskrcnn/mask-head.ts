/**
 * torchvision MaskRCNNHeads (four 3×3 convs of 256 with bias + ReLU on 14×14 RoI features) and MaskRCNNPredictor
 * (ConvTranspose2d 256→256, kernel 2, stride 2, + ReLU; 1×1 conv to 91 mask logits at 28×28), then maskrcnn_inference:
 * sigmoid of the logit map of each detection's label. Init as torchvision: kaiming_normal(fan_out, relu), bias 0,
 * with two synthetic-weight choices that make the masks look and behave like a trained model's:
 *   - the transposed conv uses one weight per (in, out) channel pair for its four taps, so the 2× upsampling adds no
 *     checkerboard (random per-tap weights paint a dot pattern into every mask);
 *   - mask_fcn_logits is calibrated (MaskCalibration): each row is a common positive average of the 256 channels plus
 *     a smaller random part per class, scaled and biased so that over the demo photo's masks the logits have mean 0
 *     and std `logitStd`. The channel average is highest in the RoI's centre (zero padding lowers it towards the
 *     border), so masks are centred blobs, and with a std of several units most probabilities sit near 0 or 1 as a trained model's
 *     do, instead of hovering at 0.5 where the 0.5 threshold would flip pixels at the slightest rounding.
 */
import { attr } from '@modelbench/onnx';
import type { Layers, Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';
import { multiScaleRoiAlign } from './roi-pool.ts';

export interface MaskProbabilities {
  /** [n, 1, 28, 28] probabilities, rows in the order of the detections given */
  masks: string;
  /** conv5_mask's ReLU output [n, 256, 28, 28] (rows in pooled order), for calibration diagnostics */
  conv5: string;
  /** MACs per detection */
  macsPerDetection: number;
}

export interface MaskCalibration {
  /** target std of a mask logit over the demo photo's mask pixels */
  logitStd: number;
  /** std of each row's random part relative to its common part */
  classVariation: number;
  /** measured: mean and std over the demo photo's masks (all 28×28 pixels) of conv5_mask's channel average */
  channelAverage: { mean: number; std: number };
}

function convTranspose2x2(l: Layers, x: Sym, outChannels: number, stem: string): Sym {
  const [cin, h, w] = x.shape as [number, number, number];
  const count = cin * outChannels * 4;
  const pairs = l.rng.fillNormal(new Float32Array(cin * outChannels), 0, Math.sqrt(2 / (outChannels * 4)));
  const weight = new Float32Array(count);
  for (let i = 0; i < count; i++) weight[i] = pairs[i >> 2] as number;
  const y = l.g.op(
    'ConvTranspose',
    [x.name, l.g.initializer(`${stem}.weight`, 'FLOAT', [cin, outChannels, 2, 2], weight, true), l.g.initializer(`${stem}.bias`, 'FLOAT', [outChannels], new Float32Array(outChannels), true)],
    { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) },
  );
  l.g.count(0, count * h * w);
  return { name: y, shape: [outChannels, 2 * h, 2 * w] };
}

/** mask_fcn_logits (1×1 conv 256 → 91) with calibrated rows; see MaskCalibration. */
function maskLogits(l: Layers, x: Sym, cal: MaskCalibration): Sym {
  const [cin, h, w] = x.shape as [number, number, number];
  const classes = C.numClasses;
  const scale = cal.logitStd / cal.channelAverage.std;
  const common = scale / cin;
  const weight = l.rng.fillNormal(new Float32Array(classes * cin), 0, common * cal.classVariation);
  for (let i = 0; i < weight.length; i++) weight[i] = (weight[i] as number) + common;
  const bias = new Float32Array(classes).fill(-scale * cal.channelAverage.mean);
  const stem = 'roi_heads.mask_predictor.mask_fcn_logits';
  const y = l.g.op(
    'Conv',
    [x.name, l.g.initializer(`${stem}.weight`, 'FLOAT', [classes, cin, 1, 1], weight, true), l.g.initializer(`${stem}.bias`, 'FLOAT', [classes], bias, true)],
    { kernel_shape: attr.ints([1, 1]) },
  );
  l.g.count(0, classes * cin * h * w);
  return { name: y, shape: [classes, h, w] };
}

/** The channel average [n, 1, 28, 28] of conv5_mask's output: what MaskCalibration measures. */
export function channelAverage(o: GraphOps, conv5: string): string {
  return o.op('ReduceMean', [conv5], { axes: attr.ints([1]), keepdims: attr.int(1) });
}

export function maskBranch(o: GraphOps, l: Layers, pyramid: readonly string[], boxes: string, labels: string, cal: MaskCalibration): MaskProbabilities {
  const macsBefore = l.g.macs;
  const pooled = multiScaleRoiAlign(o, pyramid, boxes, C.maskRoiSize);
  let x: Sym = { name: o.concat(pooled.perLevel, 0), shape: [C.fpnChannels, C.maskRoiSize, C.maskRoiSize] };
  C.maskLayers.forEach((channels, i) => {
    x = l.relu(l.conv2d(x, { outChannels: channels, kernel: 3, padding: 1, bias: true }, `roi_heads.mask_head.${i}.0`));
  });
  x = l.relu(convTranspose2x2(l, x, C.maskPredictorChannels, 'roi_heads.mask_predictor.conv5_mask'));
  const logits = maskLogits(l, x, cal);

  // Select each detection's own class map (labels follow the pooled order), then undo the level grouping.
  const side = logits.shape[1] as number;
  const pooledLabels = o.reshape(o.gather(labels, pooled.order), [-1, 1, 1, 1]);
  const index = o.op('Expand', [pooledLabels, o.i64([1, 1, side, side])]);
  const selected = o.op('Sigmoid', [o.op('GatherElements', [logits.name, index], { axis: attr.int(1) })]);
  const positions = o.op('Range', [o.i64(0), o.squeeze(o.rows(pooled.order), [0]), o.i64(1)]);
  const inverse = o.op('ScatterElements', [o.mul(pooled.order, o.i64(0)), pooled.order, positions], { axis: attr.int(0) });
  return { masks: o.gather(selected, inverse), conv5: x.name, macsPerDetection: l.g.macs - macsBefore };
}
