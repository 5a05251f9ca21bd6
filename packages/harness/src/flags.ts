/** The flags every workload's `performance` and `validate` share. Workloads add their own on top. */
import type { FlagSpecs, ParsedFlags } from '@modelbench/core';
import { mlperfFileFlags, scenarioFlags } from './scenario-flags.ts';

export const modelFlags = {
  model: { kind: 'string', value: 'PATH', description: 'an ONNX model with this workload\'s signature instead of the synthetic default' },
  'model-id': { kind: 'string', value: 'ID', description: 'a catalogue model (see `npm run models -- list`), fetched and verified on first use' },
  adapter: { kind: 'string', value: 'NAME', description: 'force a signature adapter instead of matching the model\'s inputs and outputs' },
  'cache-dir': { kind: 'string', value: 'DIR', description: 'model cache folder (env MODELBENCH_CACHE_DIR; default .modelbench/models)' },
  offline: { kind: 'boolean', description: 'never touch the network; fail naming the file expected in the cache' },
  'allow-unpinned': { kind: 'boolean', description: 'allow catalogue models without a published sha256 (the computed hash is recorded)' },
} as const satisfies FlagSpecs;

export const backendFlags = {
  backend: { kind: 'string', value: 'ID', default: 'ort-cpu', description: 'compute backend (`npm run backends` lists them)' },
  threads: { kind: 'positiveInt', description: 'intra-op threads (default: the physical cores)' },
  'inter-op-threads': { kind: 'positiveInt', description: 'inter-op threads (onnxruntime-node)' },
  'graph-optimization': { kind: 'string', value: 'LEVEL', default: 'all', description: 'disabled | basic | extended | all' },
  spinning: { kind: 'boolean', description: 'let idle onnxruntime threads spin (off: two benchmarks never steal each other\'s cores)' },
  bf16: { kind: 'boolean', description: 'run in bf16: native where the CPU and backend support it, emulated otherwise (the output says which)' },
} as const satisfies FlagSpecs;

export const runFlags = {
  batch: { kind: 'positiveInt', description: 'samples per timed call (--batch N, --batch=N or --batch-size N; the same through nx run and run-many)' },
  'batch-size': { kind: 'positiveInt', description: 'same as --batch' },
  iterations: { kind: 'positiveInt', description: 'timed calls (default 10, or as many as --time-budget allows)' },
  warmup: { kind: 'nonNegativeInt', default: 1, description: 'warm-up calls before timing' },
  'warmup-ms': { kind: 'nonNegativeNumber', default: 0, description: 'keep warming up until this many ms have passed' },
  'time-budget': { kind: 'positiveNumber', value: 'SECONDS', description: 'stop timing after this many seconds (at least 1 call)' },
  seed: { kind: 'int', default: 0, description: 'seed of the random inputs' },
  profiling: { kind: 'boolean', description: 'profile with onnxruntime and print the per-operator table' },
  'profile-dir': { kind: 'string', value: 'DIR', default: 'out/profiles', description: 'where the Chrome-trace profiles go (open them in Perfetto)' },
  top: { kind: 'positiveInt', default: 15, description: 'operator rows in the profile table' },
  json: { kind: 'string', value: 'FILE', description: 'write the run record as JSON' },
  markdown: { kind: 'string', value: 'FILE', description: 'write the report as Markdown' },
  'no-calibration': { kind: 'boolean', description: 'skip the GEMM calibration (no efficiency figure)' },
  quiet: { kind: 'boolean', description: 'print only the [TARGET] line' },
} as const satisfies FlagSpecs;

/** performance's flags: the plain timed loop's and the scenario flags (scenario-flags.ts; `--scenario` switches to modes/scenario.ts) */
export const performanceFlags = { ...modelFlags, ...backendFlags, ...runFlags, ...scenarioFlags, ...mlperfFileFlags } as const satisfies FlagSpecs;
export type PerformanceFlagSpecs = typeof performanceFlags;

/** The flags every workload's `validate` shares; `--out-dir` defaults to out/validate/<workload>. */
export const validateFlags = {
  ...modelFlags,
  ...backendFlags,
  'candidate-model': { kind: 'string', value: 'PATH', description: 'compare the model in fp32 against this model in the requested precision (default: the same model)' },
  profiling: { kind: 'boolean', description: 'profile both runs and print the operator table for fp32 and the candidate side by side' },
  'profile-dir': { kind: 'string', value: 'DIR', default: 'out/profiles', description: 'where the Chrome-trace profiles go' },
  top: { kind: 'positiveInt', default: 15, description: 'operator rows in the profile table' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/validate/WORKLOAD', description: 'where the predictions (and pictures) are written; a clean folder each run' },
  json: { kind: 'string', value: 'FILE', description: 'write the two run records (fp32 reference, candidate) as JSON' },
} as const satisfies FlagSpecs;
export type ValidateFlagSpecs = Omit<typeof validateFlags, 'out-dir'> & { 'out-dir': { kind: 'string'; value: 'DIR'; default: string; description: string } };

/** validate's shared flags with the workload's own out-dir default. */
export function validateFlagsFor(workload: string): ValidateFlagSpecs {
  return { ...validateFlags, 'out-dir': { ...validateFlags['out-dir'], default: `out/validate/${workload}` } };
}

/** A workload's own options out of a mode's parsed flags: only the keys of its own table (`spec`), typed by it. */
export function ownOptionsOf<PF extends FlagSpecs>(flags: Readonly<Record<string, unknown>>, spec: PF): ParsedFlags<PF> {
  return Object.fromEntries(Object.keys(spec).map((k) => [k, flags[k]])) as ParsedFlags<PF>;
}
