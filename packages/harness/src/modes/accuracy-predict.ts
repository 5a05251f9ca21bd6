/**
 * The prediction step of an accuracy run: which samples each precision still needs (a resumed folder keeps what an
 * earlier run predicted), and the loop that predicts them — a chunk of samples at a time (bounded memory), loaded here
 * in data set order, each side's model calls issued through its SUT (accuracy-sut.ts: loadgen's accuracy mode),
 * post-processed here, and appended to the side's records (and MLPerf responses) in data set order.
 */
import { BenchError } from '@modelbench/core';
import type { AccuracyManifest } from '@modelbench/accuracy';
import type { AccuracyDataset, AccuracyDefinition, AccuracyItem } from '../accuracy-definition.ts';
import { responseRecord } from '../mlperf-accuracy-files.ts';
import { runPipeline, type Pipeline } from '../pipeline.ts';
import type { ResolvedModel } from '../resolve-model.ts';
import type { OpenedSession } from '../session.ts';
import type { ModelAdapter } from '../workload.ts';
import { recordKey, type OpenedSide } from './accuracy-side.ts';
import { ACCURACY_CHUNK_SAMPLES, type AccuracySut, type InferFn } from './accuracy-sut.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAccuracy = AccuracyDefinition<any, any, any, any, any, any>;

/** One precision of the run: its session (as opened for binding), its binding and the workload's pipeline bound to it, its folder and its SUT. */
export interface Side<B> {
  label: string;
  session: OpenedSession;
  adapter: ModelAdapter<B>;
  bound: B;
  pipeline: Pipeline<unknown, unknown>;
  folder: OpenedSide;
  /** the SUT every model call of this side goes through (accuracy-sut.ts): the scenarios' SUT in a worker thread */
  sut: AccuracySut;
}

/** The manifest one side's folder is opened (and resumed) under: what ran, on what, with the flags that change predictions. */
export function manifestFor(
  workloadId: string,
  acc: AnyAccuracy,
  model: ResolvedModel,
  session: OpenedSession,
  dataset: AccuracyDataset<unknown, unknown>,
  subset: { offset: number; limit: number | null; count: number },
  flags: Record<string, string | number | boolean | null>,
): AccuracyManifest {
  const precision = session.backendInfo.precision;
  return {
    schema: 'modelbench.accuracy-manifest/1',
    task: acc.task,
    workload: workloadId,
    model: { id: model.info.source === 'file' ? null : model.info.id, path: model.info.path, sha256: model.info.sha256 },
    precision,
    precisionMode: precision === 'fp32' ? null : (session.backendInfo.execution as 'native' | 'emulated'),
    dataset: dataset.identity,
    subset,
    flags,
    files: { predictions: '' },
    createdAt: new Date().toISOString(),
  };
}

/** A sample still to predict: its key and its index in the data set. */
export interface TodoSample {
  k: string;
  index: number;
}

/** Whether a side still needs sample `k`: its record (and, where the workload logs them, its MLPerf responses). */
function needs(s: Side<unknown>, k: string): boolean {
  return !s.folder.records.has(k) || (s.folder.responses !== null && !s.folder.responses.records.has(k));
}

/** The samples of `keys` (data set indices from `start`) that some side still needs. */
export function samplesToPredict(sides: readonly Side<unknown>[], keys: readonly string[], start: number): TodoSample[] {
  return keys.map((k, j) => ({ k, index: start + j })).filter(({ k }) => sides.some((s) => needs(s, k)));
}

/**
 * One item's prediction on one side: the workload's pipeline on the item's sample (the code `validate` runs), or the
 * accuracy definition's `run` where its record needs more than that (which runs the same pipeline inside).
 */
function predictItem<B>(acc: AnyAccuracy, s: Side<B>, item: AccuracyItem<unknown, unknown>, infer: InferFn): Promise<unknown> {
  if (acc.run) return acc.run(item, { bound: s.bound, infer });
  return runPipeline(s.pipeline, item.sample, infer).then((r) => r.prediction);
}

/** Predicts `todo` on every side that needs it, a chunk at a time; `onChunk` hears the samples done so far. */
export async function predictSides<B>(workloadId: string, acc: AnyAccuracy, dataset: AccuracyDataset<unknown, unknown>, sides: readonly Side<B>[], todo: readonly TodoSample[], onChunk: (done: number) => void): Promise<void> {
  let done = 0;
  for (let c = 0; c < todo.length; c += ACCURACY_CHUNK_SAMPLES) {
    const chunk: (TodoSample & { item: AccuracyItem<unknown, unknown> })[] = [];
    for (const t of todo.slice(c, c + ACCURACY_CHUNK_SAMPLES)) chunk.push({ ...t, item: await dataset.load(t.index) });
    for (const s of sides) {
      const need = chunk.filter(({ k }) => needs(s as Side<unknown>, k));
      const predictions = await s.sut.mapChunk(need, (t, infer) => predictItem(acc, s, t.item, infer));
      need.forEach(({ k, index, item }, j) => {
        const prediction = predictions[j];
        const record = acc.toPrediction(prediction, item);
        const got = recordKey(acc.task, record);
        if (got !== k) throw new BenchError('INTERNAL', `${workloadId} accuracy: sample ${index} is keyed '${k}' but its prediction '${got}'`);
        if (!s.folder.records.has(k)) {
          s.folder.file.append([record]);
          s.folder.records.set(k, record);
        }
        if (s.folder.responses && acc.mlperf) {
          const r = responseRecord(acc.mlperf, k, prediction, item, record, index);
          s.folder.responses.file.append([r]);
          s.folder.responses.records.set(k, r);
        }
      });
    }
    done += chunk.length;
    onChunk(done);
  }
}
