/**
 * Which model a run uses: `--model PATH`, `--model-id ID` (catalogue, verified download) or the workload's synthetic
 * default (generated once into the cache). Returns the bytes' identity for the record.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BenchError, type ModelInfo, type Progress } from '@modelbench/core';
import * as models from '@modelbench/models';
import type { ModelArtifact } from '@modelbench/backends';
import { countInitializerValues, sha256Hex } from '@modelbench/onnx';
import { downloadSink } from './run-progress.ts';
import type { ModelOptions } from './run-options.ts';

export interface ResolvedModel {
  artifact: ModelArtifact;
  info: Omit<ModelInfo, 'adapter'>;
  synthetic: boolean;
  details: Record<string, unknown>;
}

function readModelFile(path: string): Uint8Array {
  const abs = resolve(path);
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new BenchError('MODEL_NOT_FOUND', `--model ${path} is not a file`, { hint: 'pass the path of an .onnx file' });
    size = st.size;
  } catch (e) {
    if (e instanceof BenchError) throw e;
    throw new BenchError('MODEL_NOT_FOUND', `model file not found: ${abs}`, { hint: 'check the --model path, or drop --model to use the synthetic default' });
  }
  if (size === 0) throw new BenchError('MODEL_INVALID', `model file is empty: ${abs}`, { hint: 'pass a complete .onnx file' });
  return new Uint8Array(readFileSync(abs));
}

function assertOnnx(bytes: Uint8Array, path: string): number {
  const values = countInitializerValues(bytes);
  if (values === null) {
    throw new BenchError('MODEL_INVALID', `${path} is not an ONNX model (no ONNX graph in it)`, {
      hint: 'pass an .onnx file exported with torch.onnx.export, tf2onnx or the ONNX Model Zoo',
    });
  }
  return values;
}

export async function resolveModel(
  workload: string,
  /** which model: --model, --model-id, else the synthetic default (built with `synthetic`); a field left out is off */
  model: Partial<ModelOptions>,
  /** the run's progress: phase `resolving model`, or `synthesizing model` when the cache must build it; a download */
  progress?: Progress,
): Promise<ResolvedModel> {
  const { modelPath, catalogueId } = model;
  if (modelPath && catalogueId) {
    throw new BenchError('USAGE', '--model and --model-id are mutually exclusive', { hint: 'pass one of them' });
  }
  if (progress && (modelPath || catalogueId)) progress.phase('resolving model');
  if (modelPath) {
    const bytes = readModelFile(modelPath);
    const parameters = assertOnnx(bytes, modelPath);
    return {
      artifact: { path: resolve(modelPath), bytes },
      info: { source: 'file', id: modelPath, path: resolve(modelPath), sha256: sha256Hex(bytes), sizeBytes: bytes.length, parameters, macsPerSample: null },
      synthetic: false,
      details: {},
    };
  }
  const cacheDir = models.resolveCacheDir({ flag: model.cacheDir });
  if (catalogueId) {
    const m = await models.resolveCatalogueModel(catalogueId, {
      cacheDir,
      offline: model.offline === true,
      allowUnpinned: model.allowUnpinned === true,
      progress: progress ? downloadSink(progress) : true,
      workload: workload as models.WorkloadId,
      log: (line) => (progress ? progress.note(line) : process.stderr.write(`${line}\n`)),
    });
    const bytes = new Uint8Array(readFileSync(m.path));
    const initializerValues = assertOnnx(bytes, m.path);
    return {
      artifact: { path: m.path, bytes },
      info: {
        source: m.origin === 'synthetic' ? 'synthetic' : 'catalogue',
        id: catalogueId,
        path: m.path,
        sha256: m.sha256,
        sizeBytes: m.sizeBytes,
        parameters: m.parameters ?? initializerValues,
        macsPerSample: m.macsPerSample ?? null,
      },
      synthetic: m.origin === 'synthetic',
      details: { ...(m.details ?? {}), pinned: m.pinned, companions: m.companions.map((c) => c.path) },
    };
  }
  const options = (model.synthetic ?? {}) as models.SyntheticOptions;
  if (progress) {
    // the build is one synchronous step (minutes for the big models): name it before it starts
    const builder = models.getSyntheticBuilder(workload);
    const cached = await models.readSyntheticCache(models.syntheticPaths(cacheDir, builder.workload, builder.version, options));
    progress.phase(cached ? 'resolving model' : 'synthesizing model (once; cached for later runs)');
  }
  const s = await models.getSyntheticModel(workload, { cacheDir, options, ...(progress ? { log: (line: string) => progress.note(line) } : {}) });
  return {
    artifact: { path: s.path },
    info: { source: 'synthetic', id: s.id, path: s.path, sha256: s.sha256, sizeBytes: s.sizeBytes, parameters: s.parameters, macsPerSample: s.macsPerSample },
    synthetic: true,
    details: s.details ?? {},
  };
}
