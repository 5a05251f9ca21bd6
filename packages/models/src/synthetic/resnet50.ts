/**
 * torchvision `resnet50` (v1.5: the stride sits on the 3×3 conv of each bottleneck), ImageNet head.
 * Input `input` float32 [batch, 3, 224, 224], output `logits` [batch, 1000].
 */
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import { Layers, type Sym } from './layers.ts';
import type { SyntheticModel } from './types.ts';

export const RESNET50_BUILDER_VERSION = 1;

export interface ResNet50Options {
  seed?: number;
  imageSize?: number;
  numClasses?: number;
}

function bottleneck(l: Layers, x: Sym, planes: number, stride: number, downsample: boolean, stem: string): Sym {
  let out = l.relu(l.batchNorm(l.conv2d(x, { outChannels: planes, kernel: 1 }, `${stem}.conv1`), `${stem}.bn1`));
  out = l.relu(l.batchNorm(l.conv2d(out, { outChannels: planes, kernel: 3, stride, padding: 1 }, `${stem}.conv2`), `${stem}.bn2`));
  out = l.batchNorm(l.conv2d(out, { outChannels: planes * 4, kernel: 1 }, `${stem}.conv3`), `${stem}.bn3`, 0.2);
  const identity = downsample
    ? l.batchNorm(l.conv2d(x, { outChannels: planes * 4, kernel: 1, stride }, `${stem}.downsample.0`), `${stem}.downsample.1`)
    : x;
  return l.relu(l.add(out, identity));
}

/** The ResNet50 trunk up to layer4 (also the backbone of Mask R-CNN); returns each stage's output. */
export function resnet50Trunk(l: Layers, x: Sym, prefix = ''): { c2: Sym; c3: Sym; c4: Sym; c5: Sym } {
  let y = l.relu(l.batchNorm(l.conv2d(x, { outChannels: 64, kernel: 7, stride: 2, padding: 3 }, `${prefix}conv1`), `${prefix}bn1`));
  y = l.maxPool(y, 3, 2, 1);
  const stages: Sym[] = [];
  const config: [number, number, number][] = [
    [64, 3, 1],
    [128, 4, 2],
    [256, 6, 2],
    [512, 3, 2],
  ];
  config.forEach(([planes, blocks, stride], i) => {
    for (let b = 0; b < blocks; b++) {
      y = bottleneck(l, y, planes, b === 0 ? stride : 1, b === 0, `${prefix}layer${i + 1}.${b}`);
    }
    stages.push(y);
  });
  const [c2, c3, c4, c5] = stages as [Sym, Sym, Sym, Sym];
  return { c2, c3, c4, c5 };
}

export function buildResNet50(options: ResNet50Options = {}): SyntheticModel {
  const size = options.imageSize ?? 224;
  const classes = options.numClasses ?? 1000;
  const g = new GraphBuilder('resnet50');
  const l = new Layers(g, new Rng(options.seed ?? 50));
  const input = g.input('input', 'FLOAT', ['batch', 3, size, size]);
  const { c5 } = resnet50Trunk(l, { name: input, shape: [3, size, size] });
  const pooled = l.globalAvgPoolFlatten(c5);
  l.linear(pooled, classes, 'fc', 'logits');
  g.output('logits', 'FLOAT', ['batch', classes]);
  return {
    id: 'resnet50-synthetic',
    architecture: 'torchvision resnet50 (v1.5)',
    bytes: g.toBytes({ metadata: { architecture: 'torchvision.models.resnet50', weights: 'synthetic (seeded)' } }),
    parameters: g.parameters,
    macsPerSample: g.macs,
  };
}
