/**
 * Issue 21 #2: a model whose weights live in an external data file loads when the file sits beside the model, from
 * any working directory (onnxruntime would look in the cwd for a model given as bytes); a missing data file is one
 * line naming the file and where to put it, not a blame of the export.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { formatError } from '@modelbench/core';
import { GraphBuilder, decodeModel, onnxProto } from '@modelbench/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { ortCpuBackend } from '../src/ort-cpu.ts';
import { externalDataError, withExternalDataFolder } from '../src/ort-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-external-data-'));
const elsewhere = join(dir, 'elsewhere');
mkdirSync(elsewhere);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** y = x · W with W = [[1,2],[3,4],[5,6],[7,8]] stored in `<name>.data` beside `<name>` (as torch.onnx.export does). */
function externalDataModel(folder: string, name: string): string {
  const g = new GraphBuilder('external');
  g.input('x', 'FLOAT', ['N', 4]);
  g.op('MatMul', ['x', g.initializer('w', 'FLOAT', [4, 2], Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]))], {}, 'y');
  g.output('y', 'FLOAT', ['N', 2]);
  const m = decodeModel(g.toBytes());
  const w = m.graph!.initializer.find((t) => t.name === 'w')!;
  const raw = w.rawData.length ? w.rawData : new Uint8Array(Float32Array.from(w.floatData).buffer);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.data`), raw);
  w.rawData = new Uint8Array(0);
  w.floatData = [];
  w.dataLocation = onnxProto.TensorProto_DataLocation.EXTERNAL;
  const entry = (key: string, value: string) => create(onnxProto.StringStringEntryProtoSchema, { key, value });
  w.externalData = [entry('location', `${name}.data`), entry('offset', '0'), entry('length', String(raw.length))];
  const path = join(folder, name);
  writeFileSync(path, toBinary(onnxProto.ModelProtoSchema, m));
  return path;
}

const fp32 = { precision: 'fp32', execution: 'native', sessionConfig: {}, reason: 'test' } as const;

async function inCwd<T>(cwd: string, f: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await f();
  } finally {
    process.chdir(before);
  }
}

describe('a model with external data', () => {
  it('loads with the data file beside it, from another working directory, and computes with its weights', async () => {
    const path = externalDataModel(join(dir, 'export'), 'model.onnx');
    const loaded = await inCwd(elsewhere, () => ortCpuBackend.load({ path }, { precision: fp32, threads: 1 }));
    const out = await loaded.run({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 1, 0, 0) } });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([4, 6]); // row 1 + row 2 of W
    // the folder setting does not enter the recorded session options
    expect(JSON.stringify(loaded.sessionOptions)).not.toContain('external');
    await loaded.dispose();
  });

  it('without its data file: one line naming the missing file, a fix line saying where it goes', async () => {
    const folder = join(dir, 'lost');
    const path = externalDataModel(folder, 'model.onnx');
    rmSync(join(folder, 'model.onnx.data'));
    const e = await inCwd(elsewhere, () => ortCpuBackend.load({ path }, { precision: fp32, threads: 1 })).then(() => undefined, (x: unknown) => x);
    expect(e).toMatchObject({ code: 'MODEL_INVALID', exitCode: 2 });
    expect(formatError(e)).toBe(
      `error [MODEL_INVALID]: model ${path} keeps the weights of 'w' in an external data file, and ${join(folder, 'model.onnx.data')} does not exist\n` +
        `  fix: put model.onnx.data beside the model in ${folder} (the export writes it next to the .onnx; copy both), or export with the weights inside the .onnx`,
    );
  });

  it('keeps the other session config entries when adding the folder', () => {
    expect(withExternalDataFolder({ executionProviders: ['cpu'], extra: { session: { intra_op: { allow_spinning: '0' } } } }, '/m')).toEqual({
      executionProviders: ['cpu'],
      extra: { session: { intra_op: { allow_spinning: '0' }, model_external_initializers_file_folder_path: '/m' } },
    });
    expect(externalDataError('Load model failed: protobuf parsing failed', '/m/x.onnx')).toBeUndefined();
  });
});
