/**
 * Transformer building blocks over the graph builder, as a PyTorch export writes them: Linear as MatMul with the
 * transposed weight plus Add, LayerNormalization (opset 17), exact GELU as Div/Erf/Add/Mul/Mul (onnxruntime fuses the
 * pattern). Activations are [batch, sequence, features] with both leading dimensions dynamic; MACs are counted for
 * one sample at `macSeqLen` tokens.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';

export interface WeightInit {
  /** std of Linear and Embedding weights (Hugging Face `initializer_range`) */
  weightStd: number;
  /** std of Linear biases (zero at Hugging Face init; small non-zero values look like trained weights) */
  biasStd: number;
  /** LayerNorm γ is drawn from [1 − s, 1 + s], β from N(0, biasStd) */
  layerNormSpread: number;
}

export class TransformerOps {
  constructor(
    readonly g: GraphBuilder,
    readonly rng: Rng,
    readonly init: WeightInit,
    /** sequence length the MAC count is quoted at */
    readonly macSeqLen: number,
  ) {}

  private scalars = new Map<string, string>();

  /** A float32 scalar initializer, shared by every node that uses the same value. */
  scalar(stem: string, value: number): string {
    const key = `${stem}=${value}`;
    let name = this.scalars.get(key);
    if (name === undefined) {
      name = this.g.constFloat(stem, [value], []);
      this.scalars.set(key, name);
    }
    return name;
  }

  private normal(count: number, std: number): Float32Array {
    return this.rng.fillNormal(new Float32Array(count), 0, std);
  }

  /** nn.Linear(inFeatures, outFeatures) on [B, S, in]: the weight is stored transposed ([in, out]), as torch exports it. */
  linear(x: string, inFeatures: number, outFeatures: number, stem: string, output?: string): string {
    const weight = this.g.initializer(`${stem}.weight`, 'FLOAT', [inFeatures, outFeatures], this.normal(inFeatures * outFeatures, this.init.weightStd), true);
    const bias = this.g.initializer(`${stem}.bias`, 'FLOAT', [outFeatures], this.normal(outFeatures, this.init.biasStd), true);
    const product = this.g.op('MatMul', [x, weight]);
    this.g.count(0, this.macSeqLen * inFeatures * outFeatures);
    return this.g.op('Add', [product, bias], {}, output);
  }

  /** nn.LayerNorm(features, eps) over the last axis. */
  layerNorm(x: string, features: number, eps: number, stem: string): string {
    const s = this.init.layerNormSpread;
    const gamma = this.rng.fillUniform(new Float32Array(features), 1 - s, 1 + s);
    const beta = this.normal(features, this.init.biasStd);
    return this.g.op(
      'LayerNormalization',
      [x, this.g.initializer(`${stem}.weight`, 'FLOAT', [features], gamma, true), this.g.initializer(`${stem}.bias`, 'FLOAT', [features], beta, true)],
      { axis: attr.int(-1), epsilon: attr.float(eps) },
    );
  }

  /** Exact GELU: 0.5 · x · (1 + erf(x / √2)) (torch.nn.functional.gelu, approximate='none'). */
  geluErf(x: string): string {
    const scaled = this.g.op('Div', [x, this.scalar('gelu.sqrt2', Math.SQRT2)]);
    const erf = this.g.op('Erf', [scaled]);
    const onePlus = this.g.op('Add', [erf, this.scalar('gelu.one', 1)]);
    const product = this.g.op('Mul', [x, onePlus]);
    return this.g.op('Mul', [product, this.scalar('gelu.half', 0.5)]);
  }

  /** nn.Embedding(rows, features) looked up by int64 indices of any shape. */
  embedding(indices: string, rows: number, features: number, stem: string, zeroRow?: number): string {
    const table = this.normal(rows * features, this.init.weightStd);
    if (zeroRow !== undefined) table.fill(0, zeroRow * features, (zeroRow + 1) * features);
    const weight = this.g.initializer(`${stem}.weight`, 'FLOAT', [rows, features], table, true);
    return this.g.op('Gather', [weight, indices], { axis: attr.int(0) });
  }
}
