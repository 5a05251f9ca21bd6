/**
 * Layer helpers over the graph builder, mirroring torch.nn: each adds its nodes and initializers with seeded weights,
 * tracks the per-sample shape (C, H, W or features) and counts parameters and multiply-accumulates as torch counts them.
 */
import { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';

/** A value in the graph with its per-sample shape (the batch dimension is implicit and dynamic). */
export interface Sym {
  name: string;
  shape: number[];
}

export interface ConvOptions {
  outChannels: number;
  kernel: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
  /** weight std; defaults to He (kaiming normal, fan_out, relu) as torchvision initialises convs */
  std?: number;
}

export function convOut(size: number, kernel: number, stride: number, padding: number, dilation: number, ceil = false): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  return (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

export class Layers {
  constructor(
    readonly g: GraphBuilder,
    readonly rng: Rng,
  ) {}

  conv2d(x: Sym, o: ConvOptions, stem = 'conv'): Sym {
    const [cin, h, w] = x.shape as [number, number, number];
    const stride = o.stride ?? 1;
    const padding = o.padding ?? 0;
    const dilation = o.dilation ?? 1;
    const groups = o.groups ?? 1;
    const k = o.kernel;
    const fanOut = (o.outChannels * k * k) / groups;
    const std = o.std ?? Math.sqrt(2 / fanOut);
    const wCount = (o.outChannels * cin * k * k) / groups;
    const weight = this.g.initializer(`${stem}.weight`, 'FLOAT', [o.outChannels, cin / groups, k, k], this.rng.fillNormal(new Float32Array(wCount), 0, std), true);
    const inputs = [x.name, weight];
    if (o.bias) {
      const bound = 1 / Math.sqrt((cin / groups) * k * k);
      inputs.push(this.g.initializer(`${stem}.bias`, 'FLOAT', [o.outChannels], this.rng.fillUniform(new Float32Array(o.outChannels), -bound, bound), true));
    }
    const ho = convOut(h, k, stride, padding, dilation);
    const wo = convOut(w, k, stride, padding, dilation);
    const y = this.g.op('Conv', inputs, {
      kernel_shape: attr.ints([k, k]),
      strides: attr.ints([stride, stride]),
      pads: attr.ints([padding, padding, padding, padding]),
      dilations: attr.ints([dilation, dilation]),
      group: attr.int(groups),
    });
    this.g.count(0, wCount * ho * wo);
    return { name: y, shape: [o.outChannels, ho, wo] };
  }

  /**
   * BatchNorm2d in eval mode with plausible trained statistics. `gammaScale` shrinks the learned scale (trained
   * residual branches end in small-gamma BNs, which keeps the residual stream's scale bounded).
   */
  batchNorm(x: Sym, stem = 'bn', gammaScale = 1): Sym {
    const c = x.shape[0] as number;
    const gamma = this.rng.fillUniform(new Float32Array(c), 0.6 * gammaScale, 1.2 * gammaScale);
    const beta = this.rng.fillNormal(new Float32Array(c), 0, 0.05);
    const mean = this.rng.fillNormal(new Float32Array(c), 0, 0.1);
    const variance = this.rng.fillUniform(new Float32Array(c), 0.6, 1.6);
    const y = this.g.op(
      'BatchNormalization',
      [
        x.name,
        this.g.initializer(`${stem}.weight`, 'FLOAT', [c], gamma, true),
        this.g.initializer(`${stem}.bias`, 'FLOAT', [c], beta, true),
        this.g.initializer(`${stem}.running_mean`, 'FLOAT', [c], mean),
        this.g.initializer(`${stem}.running_var`, 'FLOAT', [c], variance),
      ],
      { epsilon: attr.float(1e-5), momentum: attr.float(0.9) },
    );
    return { name: y, shape: x.shape };
  }

  relu(x: Sym): Sym {
    return { name: this.g.op('Relu', [x.name]), shape: x.shape };
  }

  add(a: Sym, b: Sym): Sym {
    return { name: this.g.op('Add', [a.name, b.name]), shape: a.shape };
  }

  maxPool(x: Sym, kernel: number, stride: number, padding = 0, ceil = false): Sym {
    const [c, h, w] = x.shape as [number, number, number];
    const y = this.g.op('MaxPool', [x.name], {
      kernel_shape: attr.ints([kernel, kernel]),
      strides: attr.ints([stride, stride]),
      pads: attr.ints([padding, padding, padding, padding]),
      ceil_mode: attr.int(ceil ? 1 : 0),
    });
    return { name: y, shape: [c, convOut(h, kernel, stride, padding, 1, ceil), convOut(w, kernel, stride, padding, 1, ceil)] };
  }

  globalAvgPoolFlatten(x: Sym): Sym {
    const pooled = this.g.op('GlobalAveragePool', [x.name]);
    return { name: this.g.op('Flatten', [pooled], { axis: attr.int(1) }), shape: [x.shape[0] as number] };
  }

  /** nn.Linear as Gemm (transB = 1), torch's default uniform init; `output` names the result. */
  linear(x: Sym, outFeatures: number, stem = 'fc', output?: string, options: { weightStd?: number; bias?: Float32Array } = {}): Sym {
    const inFeatures = x.shape[x.shape.length - 1] as number;
    const bound = 1 / Math.sqrt(inFeatures);
    const weight =
      options.weightStd !== undefined
        ? this.rng.fillNormal(new Float32Array(outFeatures * inFeatures), 0, options.weightStd)
        : this.rng.fillUniform(new Float32Array(outFeatures * inFeatures), -bound, bound);
    const bias = options.bias ?? this.rng.fillUniform(new Float32Array(outFeatures), -bound, bound);
    const y = this.g.op(
      'Gemm',
      [x.name, this.g.initializer(`${stem}.weight`, 'FLOAT', [outFeatures, inFeatures], weight, true), this.g.initializer(`${stem}.bias`, 'FLOAT', [outFeatures], bias, true)],
      { transB: attr.int(1) },
      output,
    );
    this.g.count(0, inFeatures * outFeatures);
    return { name: y, shape: [outFeatures] };
  }
}
