/**
 * Test doubles for the harness's flows: a backend whose model doubles its input (the bf16 session adds `drift`), a
 * registry holding it, and a workload whose samples are numbers. Every plan and call is counted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendRegistry, type Feeds, type InferenceBackend, type LoadedModel, type PrecisionPlan } from '@modelbench/backends';
import type { PrecisionName } from '@modelbench/core';
import { GraphBuilder } from '@modelbench/onnx';
import { agreementResult, check } from '../src/verdict.ts';
import type { Workload } from '../src/workload.ts';

export const counts = { plans: [] as PrecisionName[], loads: [] as PrecisionPlan[], runs: 0 };
export const settings = { drift: 0 };

export const fakeBackend: InferenceBackend = {
  id: 'fake',
  description: 'doubles its input',
  runtime: 'fake-runtime',
  runtimeVersion: '9.9.9',
  provider: 'none',
  probe: async () => ({ ok: true }),
  planPrecision(precision) {
    counts.plans.push(precision);
    return { precision, execution: precision === 'bf16' ? 'emulated' : 'native', sessionConfig: {}, reason: 'test' };
  },
  async load(_model, options): Promise<LoadedModel> {
    counts.loads.push(options.precision);
    const drift = options.precision.precision === 'bf16' ? settings.drift : 0;
    return {
      inputs: [{ name: 'x', type: 'float32', shape: [1] }],
      outputs: [{ name: 'y', type: 'float32', shape: [1] }],
      precision: options.precision,
      sessionOptions: {},
      warnings: [],
      async run(feeds: Feeds) {
        counts.runs++;
        const x = (feeds.x!.data as Float32Array)[0]!;
        return { y: { type: 'float32', dims: [1], data: Float32Array.of(2 * x + drift) } };
      },
      endProfiling: async () => undefined,
      dispose: async () => undefined,
    };
  },
};

export const fakeRegistry = (): BackendRegistry => new BackendRegistry([fakeBackend]);

/** A real (one-initializer) ONNX file, so model resolution accepts it. */
export function writeTinyModel(dir: string): string {
  const g = new GraphBuilder('tiny');
  g.input('x', 'FLOAT', [1]);
  g.op('Add', ['x', g.initializer('b', 'FLOAT', [1], Float32Array.of(0))], {}, 'y');
  g.output('y', 'FLOAT', [1]);
  const path = join(dir, 'tiny.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}

const flags = { 'max-diff': { kind: 'number', default: 0.1, description: 'largest accepted |Δy|' } } as const;

export const fakeWorkload: Workload<{ input: string }, number, number, { diffs: number[] }, { calls: { kind: 'positiveInt'; default: 3; description: string } }, typeof flags> = {
  id: 'fake',
  title: 'a test workload',
  adapters: [{ name: 'only', signature: 'x -> y', match: () => null, bind: (sig) => ({ input: sig.inputs[0]!.name }) }],
  pipeline: (bound) => ({
    outputNames: ['y'],
    preprocess: (s) => ({ inputs: { [bound.input]: { type: 'float32', dims: [1], data: Float32Array.of(s) } }, context: null }),
    postprocess: (out) => (out.y!.data as Float32Array)[0]!,
  }),
  performance: {
    flags: { calls: { kind: 'positiveInt', default: 3, description: 'calls per iteration' } },
    defaultBatch: 1,
    async prepare({ options: f, bound }) {
      return {
        batchMode: 'sequential',
        callsPerIteration: f.calls,
        samplesPerCall: 1,
        feedsFor: (i, c) => ({ [bound.input]: { type: 'float32', dims: [1], data: Float32Array.of(i * 10 + c) } }),
        outputNames: ['y'],
        input: 'numbers',
      };
    },
  },
  validate: {
    flags,
    thresholds: { maxDiff: 0.1 },
    predictionsFile: 'predictions.json',
    loadSamples: async () => [1, 2, 3],
    agreement(reference, candidate, { options: f }) {
      const diffs = reference.map((r, i) => Math.abs(candidate[i]! - r));
      return agreementResult([check('max |Δy|', Math.max(...diffs), f['max-diff'], 'max')], { diffs });
    },
    report: ({ reference, candidate, candidateLabel }) => reference.map((r, i) => `fp32 ${r} | ${candidateLabel.text} ${candidate[i]}`),
    async draw({ outDir, candidateLabel }) {
      const path = join(outDir, `validate_${candidateLabel.slug}.txt`);
      writeFileSync(path, 'drawn');
      return [path];
    },
    predictionsJson: ({ reference, candidate }) => ({ predictions: reference.map((r, i) => ({ fp32: r, candidate: candidate[i] })) }),
  },
};
