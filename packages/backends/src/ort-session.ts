/**
 * A LoadedModel over any onnxruntime JavaScript binding (onnxruntime-node and onnxruntime-web share one API).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';
import type { Feeds, HostTensor, LoadedModel, Outputs, PrecisionPlan, TensorSpec, TensorType } from './types.ts';

/** The slice of onnxruntime-common's API we use. */
export interface OrtTensorLike {
  type: string;
  dims: readonly number[];
  data: unknown;
}
export interface OrtSessionLike {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[];
  outputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[];
  run(feeds: Record<string, unknown>, fetches?: readonly string[]): Promise<Record<string, OrtTensorLike>>;
  endProfiling(): unknown;
  release(): Promise<void>;
}
export interface OrtModuleLike {
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => unknown;
  InferenceSession: { create(model: Uint8Array, options: unknown): Promise<OrtSessionLike> };
}

function specs(meta: OrtSessionLike['inputMetadata'], names: readonly string[]): TensorSpec[] {
  return names.map((name) => {
    const m = meta?.find((x) => x.name === name);
    return { name, type: m?.type ?? 'unknown', shape: [...(m?.shape ?? [])].map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) };
  });
}

export function toHostTensor(t: OrtTensorLike): HostTensor {
  return { type: t.type as TensorType, dims: [...t.dims], data: t.data as HostTensor['data'] };
}

export async function readModelBytes(path: string, bytes?: Uint8Array): Promise<Uint8Array> {
  if (bytes) return bytes;
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new BenchError('MODEL_NOT_FOUND', `cannot read model ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'check the --model path, or drop --model to use the embedded synthetic model',
    });
  }
}

/**
 * A session from the model's bytes. A model whose weights live in an external data file (torch.onnx.export writes
 * one beside the .onnx above 2 GB, or when asked) names that file relative to the model; from bytes onnxruntime would
 * look in the working directory, so the model's folder is given as the external-initializers folder
 * (`session.model_external_initializers_file_folder_path`, a session config entry; not in the record's options).
 */
export async function createOrtSession(ort: OrtModuleLike, bytes: Uint8Array, options: unknown, path: string): Promise<OrtSessionLike> {
  try {
    return await ort.InferenceSession.create(bytes, withExternalDataFolder(options, dirname(resolve(path))));
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? String(e);
    const external = externalDataError(message, path);
    if (external) throw external;
    throw new BenchError('MODEL_INVALID', `onnxruntime cannot load ${path}: ${message}`, {
      hint: 'pass an ONNX model file (opset 7 or later) exported from a framework, or drop --model',
    });
  }
}

/** The options with the model's folder as the external data folder (a copy; `extra` entries kept). */
export function withExternalDataFolder(options: unknown, folder: string): unknown {
  const o = (options ?? {}) as { extra?: { session?: Record<string, unknown> } & Record<string, unknown> };
  return { ...o, extra: { ...o.extra, session: { ...o.extra?.session, model_external_initializers_file_folder_path: folder } } };
}

/** onnxruntime's "external data path does not exist" as a one-line error naming the file and where it was looked for. */
export function externalDataError(message: string, modelPath: string): BenchError | undefined {
  if (!/external data/i.test(message)) return undefined;
  const missing = /does not exist: "([^"]+)"/.exec(message)?.[1];
  const initializer = /for initializer: ([^.\s]+)/.exec(message)?.[1];
  const what = initializer ? `the weights of '${initializer}'` : 'its weights';
  if (missing) {
    return new BenchError('MODEL_INVALID', `model ${modelPath} keeps ${what} in an external data file, and ${missing} does not exist`, {
      hint: `put ${basename(missing)} beside the model in ${dirname(resolve(modelPath))} (the export writes it next to the .onnx; copy both), or export with the weights inside the .onnx`,
    });
  }
  return new BenchError('MODEL_INVALID', `model ${modelPath}: its external data cannot be used (${message})`, {
    hint: `keep the external data file(s) the model names beside it in ${dirname(resolve(modelPath))}, inside that folder (no path that leaves it)`,
  });
}

export interface OrtLoadedModelInit {
  ort: OrtModuleLike;
  session: OrtSessionLike;
  precision: PrecisionPlan;
  sessionOptions: Record<string, unknown>;
  warnings: string[];
  endProfiling: (session: OrtSessionLike) => Promise<string | undefined>;
}

export function wrapOrtSession(init: OrtLoadedModelInit): LoadedModel {
  const { ort, session } = init;
  const toOrt = (t: HostTensor): unknown => new ort.Tensor(t.type === 'bool' ? 'bool' : t.type, t.data, t.dims);
  return {
    inputs: specs(session.inputMetadata, session.inputNames),
    outputs: specs(session.outputMetadata, session.outputNames),
    precision: init.precision,
    sessionOptions: init.sessionOptions,
    warnings: init.warnings,
    async run(feeds: Feeds, outputNames?: readonly string[]): Promise<Outputs> {
      const ortFeeds: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(feeds)) ortFeeds[k] = toOrt(v);
      let out: Record<string, OrtTensorLike>;
      try {
        out = await (outputNames ? session.run(ortFeeds, outputNames) : session.run(ortFeeds));
      } catch (e) {
        const message = (e as Error).message.split('\n')[0] ?? String(e);
        const expected = specs(session.inputMetadata, session.inputNames).map((s) => `${s.name} ${s.type}[${s.shape.join(',')}]`);
        const given = Object.entries(feeds).map(([k, v]) => `${k} ${v.type}[${v.dims.join(',')}]`);
        throw new BenchError('INFERENCE_FAILED', `inference failed: ${message}`, {
          hint: `the model expects ${expected.join('; ')}; it was given ${given.join('; ')}`,
        });
      }
      const result: Outputs = {};
      for (const [k, v] of Object.entries(out)) result[k] = toHostTensor(v);
      return result;
    },
    endProfiling: () => init.endProfiling(session),
    dispose: () => session.release(),
  };
}
