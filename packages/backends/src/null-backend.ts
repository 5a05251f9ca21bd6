/**
 * The null backend: learns the model's output shapes from one real run at load time, then answers every run with
 * zero-filled outputs of those shapes without computing. Timing it measures the harness's own overhead per call.
 */
import type { PrecisionName } from '@modelbench/core';
import { ortCpuBackend } from './ort-cpu.ts';
import type { BackendOptions, Feeds, HostTensor, InferenceBackend, LoadedModel, ModelArtifact, Outputs, PrecisionPlan, ProbeResult } from './types.ts';

function zerosLike(t: HostTensor): HostTensor {
  const Ctor = t.data.constructor as new (n: number) => HostTensor['data'];
  return { type: t.type, dims: [...t.dims], data: new Ctor(t.data.length) };
}

export class NullBackend implements InferenceBackend {
  readonly id = 'null';
  readonly description = 'no computation: outputs of the right shapes, to measure the harness overhead';
  readonly runtime = 'none';
  readonly runtimeVersion = '0';
  readonly provider = 'none';

  async probe(): Promise<ProbeResult> {
    return { ok: true };
  }

  planPrecision(precision: PrecisionName): PrecisionPlan {
    return { precision, execution: precision === 'fp32' ? 'native' : 'emulated', sessionConfig: {}, reason: 'the null backend computes nothing' };
  }

  async load(model: ModelArtifact, options: BackendOptions): Promise<LoadedModel> {
    const { profilePrefix: _p, ...rest } = options;
    const real = await ortCpuBackend.load(model, { ...rest, precision: ortCpuBackend.planPrecision('fp32') });
    let template: Outputs | undefined;
    return {
      inputs: real.inputs,
      outputs: real.outputs,
      precision: options.precision,
      sessionOptions: {},
      warnings: ['null backend: nothing is computed; the time is the harness overhead per call'],
      async run(feeds: Feeds): Promise<Outputs> {
        if (!template) {
          template = await real.run(feeds);
          await real.dispose();
        }
        const out: Outputs = {};
        for (const [k, v] of Object.entries(template)) out[k] = zerosLike(v);
        return out;
      },
      endProfiling: async () => undefined,
      dispose: async () => {
        if (!template) await real.dispose();
      },
    };
  }
}

export const nullBackend = new NullBackend();
