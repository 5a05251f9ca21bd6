/** Assembles a RunRecord from the pieces of a run (every mode's, and the scoring step's). */
import { captureEnvironment, peakRssBytes } from './environment.ts';
import type { LoadSnapshot } from './environment-schema.ts';
import { RECORD_SCHEMA_VERSION, type BackendInfo, type Mode, type ModelInfo, type ProfileInfo, type RunConfig, type RunRecord } from './record.ts';
import { summarize } from './stats.ts';

export interface RecordParts {
  mode: Mode;
  workload: string;
  startedAt: Date;
  model: ModelInfo | null;
  backend: BackendInfo | null;
  config: RunConfig | null;
  /** every timed iteration (one batch each), ms */
  samplesMs?: number[];
  /** loadSnapshot() taken when the run started; the one after is taken here */
  loadBefore?: LoadSnapshot | null;
  /** the command line the record's environment names; process.argv when not given */
  argv?: string[];
  /** the peak RSS to record instead of this process's (a record written for a run that had no process of its own) */
  peakRssBytes?: number;
  /** what the runtime exposes about itself (onnxruntime's `env`: versions, logLevel) */
  runtimeEnv?: Record<string, unknown> | null;
  /** a sequential batch's per-call latencies (k calls per timed iteration), when the runner timed them */
  callSamplesMs?: number[];
  calibratedPeakGflopsPerSecond?: number | null;
  timers?: Record<string, number>;
  profile?: ProfileInfo | null;
  agreement?: Record<string, unknown> | null;
  warnings?: string[];
  error?: { code: string; message: string; hint?: string } | null;
}

export function buildRecord(p: RecordParts): RunRecord {
  const common = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    mode: p.mode,
    workload: p.workload,
    startedAt: p.startedAt.toISOString(),
    model: p.model,
    backend: p.backend,
    environment: captureEnvironment({ ...(p.argv ? { argv: p.argv } : {}), loadBefore: p.loadBefore, runtimeEnv: p.runtimeEnv ?? null }),
    config: p.config,
    samplesMs: p.samplesMs ?? [],
    callSamplesMs: p.callSamplesMs ?? null,
  };
  const latency = p.samplesMs && p.samplesMs.length ? summarize(p.samplesMs) : null;
  const batch = p.config?.batch ?? 1;
  const macs = p.model?.macsPerSample ?? null;
  const throughput = latency ? batch / (latency.medianMs / 1000) : null;
  // the null backend computes nothing: a GFLOP/s figure (or an efficiency) of its time would be meaningless
  const computes = p.backend?.id !== 'null';
  const gflops = computes && latency && macs !== null ? (2 * macs * batch) / (latency.medianMs / 1000) / 1e9 : null;
  const peak = p.calibratedPeakGflopsPerSecond ?? null;
  const measured = {
    ...common,
    latency,
    throughputSamplesPerSecond: throughput,
    gflopsPerSecond: gflops,
    efficiency: gflops !== null && peak ? gflops / peak : null,
    calibratedPeakGflopsPerSecond: peak,
    peakRssBytes: p.peakRssBytes ?? peakRssBytes(),
    timers: p.timers ?? {},
    profile: p.profile ?? null,
    agreement: p.agreement ?? null,
    warnings: p.warnings ?? [],
  };
  return p.error ? { ...measured, status: 'error', error: p.error } : { ...measured, status: 'ok', error: null };
}
