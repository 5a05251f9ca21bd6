/**
 * Issue 21 #8: every way a bad photo reaches resnet50 — `performance --image` (a text file named .png, a missing
 * file), `validate --images`, an accuracy sample — is refused with exit 2, one line naming the file and a fix line,
 * and no record or output file left behind. In process, on a tiny [N,3,224,224] → [N,1000] export.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatError } from '@modelbench/core';
import { runWorkloadCommand } from '@modelbench/harness';
import { GraphBuilder } from '@modelbench/onnx';
import { resnet50Workload } from '../src/workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-r50-image-errors-'));
const text = join(dir, 'notes.png');
writeFileSync(text, 'just some notes');

function tinyClassifier(): string {
  const g = new GraphBuilder('tiny');
  g.input('image', 'FLOAT', ['N', 3, 224, 224]);
  const flat = g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } });
  g.op('MatMul', [flat, g.initializer('w', 'FLOAT', [3, 1000], new Float32Array(3000))], {}, 'logits');
  g.output('logits', 'FLOAT', ['N', 1000]);
  const path = join(dir, 'tiny.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}
const model = tinyClassifier();

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function refusal(args: string[]): Promise<string[]> {
  const e = await runWorkloadCommand(resnet50Workload, args).then(() => undefined, (x: unknown) => x);
  expect(e, args.join(' ')).toMatchObject({ code: 'BAD_INPUT', exitCode: 2 });
  return formatError(e).split('\n');
}

const notAnImage = new RegExp(`^error \\[BAD_INPUT\\]: image ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not an image \\(expected PNG, JPEG, BMP, GIF or TIFF data; it starts with "just some no"\\)$`);
const notAnImageFix = "  fix: pass a PNG, JPEG, BMP, GIF or TIFF photo (the name's extension is not read: a renamed file is not converted)";

describe('a bad photo, wherever it is given', () => {
  it('performance --image: a text file named .png, and a missing file', async () => {
    const json = join(dir, 'perf.json');
    const [line, fix, ...rest] = await refusal(['performance', '--model', model, '--image', text, '--iterations', '1', '--no-calibration', '--json', json]);
    expect(line).toMatch(notAnImage);
    expect(fix).toBe(notAnImageFix);
    expect(rest).toEqual([]);
    const missing = await refusal(['performance', '--model', model, '--image', join(dir, 'gone.png'), '--iterations', '1', '--no-calibration']);
    expect(missing).toEqual([`error [BAD_INPUT]: image ${join(dir, 'gone.png')}: no such file`, `  fix: check the path (a relative path starts at ${process.cwd()})`]);
    // the record, if any, is the error record; never a half-written performance record
    if (existsSync(json)) expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ status: 'error', error: { code: 'BAD_INPUT' } });
  }, 60_000);

  it('validate --images', async () => {
    const out = join(dir, 'validate-out');
    const lines = await refusal(['validate', '--model', model, '--images', text, '--out-dir', out]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(notAnImage);
    expect(lines[1]).toBe(notAnImageFix);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);

  it('an accuracy sample', async () => {
    const data = join(dir, 'imagenet');
    mkdirSync(data);
    writeFileSync(join(data, 'notes.png'), 'just some notes');
    writeFileSync(join(data, 'val_map.txt'), 'notes.png 3\n');
    const out = join(dir, 'accuracy-out');
    const lines = await refusal(['accuracy', '--model', model, '--dataset', data, '--out-dir', out]);
    // only the manifests a resumed run starts from; no predictions were written
    expect((readdirSync(out, { recursive: true }) as string[]).filter((f) => !f.endsWith('manifest.json') && !['fp32', 'fp32-repeat'].includes(f))).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error \[BAD_INPUT\]: image .*imagenet\/notes\.png: not an image/);
    expect(lines[1]).toBe(notAnImageFix);
  }, 60_000);
});
