/**
 * torchvision TwoMLPHead: fc6 (256·7·7 → 1024) and fc7 (1024 → 1024), ReLU after each, default nn.Linear init.
 */
import { attr } from '@modelbench/onnx';
import type { Layers, Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

export interface BoxHeadOutput {
  /** fc7 features [k, 1024], the rows in the order of the concatenated per-level inputs */
  features: Sym;
  /** MACs per RoI */
  macsPerRoi: number;
}

/**
 * fc6 applied to each pyramid level's pooled features [k_l, 256, 7, 7] with the same weights, then concatenated:
 * fc6(concat(x_l)) = concat(fc6(x_l)) row by row, and this never materialises the 1000×12544 concatenation.
 */
function fc6PerLevel(o: GraphOps, l: Layers, perLevel: readonly string[]): Sym {
  const inFeatures = C.fpnChannels * C.boxRoiSize * C.boxRoiSize;
  const outFeatures = C.representationSize;
  const bound = 1 / Math.sqrt(inFeatures);
  const stem = 'roi_heads.box_head.fc6';
  const w = l.g.initializer(`${stem}.weight`, 'FLOAT', [outFeatures, inFeatures], l.rng.fillUniform(new Float32Array(outFeatures * inFeatures), -bound, bound), true);
  const b = l.g.initializer(`${stem}.bias`, 'FLOAT', [outFeatures], l.rng.fillUniform(new Float32Array(outFeatures), -bound, bound), true);
  l.g.count(0, inFeatures * outFeatures);
  const rows = perLevel.map((x) => o.op('Gemm', [o.op('Flatten', [x]), w, b], { transB: attr.int(1) }));
  return { name: o.concat(rows, 0), shape: [outFeatures] };
}

export function twoMlpHead(o: GraphOps, l: Layers, pooledPerLevel: readonly string[]): BoxHeadOutput {
  const macsBefore = l.g.macs;
  const fc6 = l.relu(fc6PerLevel(o, l, pooledPerLevel));
  const fc7 = l.relu(l.linear(fc6, C.representationSize, 'roi_heads.box_head.fc7'));
  return { features: fc7, macsPerRoi: l.g.macs - macsBefore };
}
