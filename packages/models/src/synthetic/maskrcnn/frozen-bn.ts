/**
 * torchvision's detection backbones use FrozenBatchNorm2d: weight, bias, running_mean and running_var are all
 * buffers, so `model.parameters()` does not count them (44,401,393 for maskrcnn_resnet50_fpn). These layers emit the
 * same BatchNormalization node as `Layers` (onnxruntime folds it into the preceding Conv) but register the four
 * tensors as non-trainable initializers, and record how many affine values a trainable-BN convention would add.
 */
import { attr } from '@modelbench/onnx';
import { Layers, type ConvOptions, type Sym } from '../layers.ts';
import { MASKRCNN_CONFIG } from './config.ts';
import type { StrideLedger } from './macs.ts';

export class FrozenBatchNormLayers extends Layers {
  /** weight + bias values of every FrozenBatchNorm2d (what a BatchNorm2d convention would count as parameters) */
  frozenAffineValues = 0;
  /** when set, every conv's MACs are also recorded by output stride */
  ledger: StrideLedger | undefined;

  override conv2d(x: Sym, o: ConvOptions, stem = 'conv'): Sym {
    const before = this.g.macs;
    const y = super.conv2d(x, o, stem);
    this.ledger?.record(y.shape[1] as number, this.g.macs - before);
    return y;
  }

  override batchNorm(x: Sym, stem = 'bn', gammaScale = 1): Sym {
    const c = x.shape[0] as number;
    const gamma = this.rng.fillUniform(new Float32Array(c), 0.6 * gammaScale, 1.2 * gammaScale);
    const beta = this.rng.fillNormal(new Float32Array(c), 0, 0.05);
    const mean = this.rng.fillNormal(new Float32Array(c), 0, 0.1);
    const variance = this.rng.fillUniform(new Float32Array(c), 0.6, 1.6);
    this.frozenAffineValues += 2 * c;
    const y = this.g.op('BatchNormalization', [
      x.name,
      this.g.initializer(`${stem}.weight`, 'FLOAT', [c], gamma),
      this.g.initializer(`${stem}.bias`, 'FLOAT', [c], beta),
      this.g.initializer(`${stem}.running_mean`, 'FLOAT', [c], mean),
      this.g.initializer(`${stem}.running_var`, 'FLOAT', [c], variance),
    ], { epsilon: attr.float(MASKRCNN_CONFIG.frozenBnEps) });
    return { name: y, shape: x.shape };
  }
}
