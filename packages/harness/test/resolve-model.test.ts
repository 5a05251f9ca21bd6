import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { countInitializerValues, sha256Hex } from '@modelbench/onnx';
import { resolveModel } from '../src/resolve-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-resolve-'));

function tinyModel(): Uint8Array {
  const g = new GraphBuilder('t');
  g.input('x', 'FLOAT', [2]);
  g.op('Add', ['x', g.constFloat('b', [1, 2])], {}, 'y');
  g.output('y', 'FLOAT', [2]);
  return g.toBytes();
}

describe('model resolution', () => {
  it('--model PATH: sha256, size and initializer count of the file', async () => {
    const path = join(dir, 'tiny.onnx');
    const bytes = tinyModel();
    writeFileSync(path, bytes);
    const m = await resolveModel('resnet50', { modelPath: path });
    expect(m.info).toMatchObject({ source: 'file', sha256: sha256Hex(bytes), sizeBytes: bytes.length, parameters: 2, macsPerSample: null });
    expect(countInitializerValues(bytes)).toBe(2);
  });

  it('clear errors for a missing, empty or non-ONNX file', async () => {
    await expect(resolveModel('resnet50', { modelPath: join(dir, 'missing.onnx') })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', exitCode: 2 });
    writeFileSync(join(dir, 'empty.onnx'), '');
    await expect(resolveModel('resnet50', { modelPath: join(dir, 'empty.onnx') })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    writeFileSync(join(dir, 'text.onnx'), 'this is not a model, just some text');
    await expect(resolveModel('resnet50', { modelPath: join(dir, 'text.onnx') })).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('not an ONNX model') });
    await expect(resolveModel('resnet50', { modelPath: dir })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('--model and --model-id together is a usage error', async () => {
    await expect(resolveModel('resnet50', { modelPath: 'a', catalogueId: 'b' })).rejects.toMatchObject({ code: 'USAGE' });
  });
});
