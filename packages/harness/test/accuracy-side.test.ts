/** One precision's folder of an accuracy run: resume under the same identity, a fresh start otherwise, the standard files. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccuracyManifest } from '@modelbench/accuracy';
import { finishSide, identityDifferences, openSide } from '../src/modes/accuracy-side.ts';

const base = mkdtempSync(join(tmpdir(), 'mb-accuracy-side-'));

function manifest(over: Partial<AccuracyManifest> = {}): AccuracyManifest {
  return {
    schema: 'modelbench.accuracy-manifest/1',
    task: 'imagenet',
    workload: 'resnet50',
    model: { id: null, path: '/m.onnx', sha256: 'a'.repeat(64) },
    precision: 'fp32',
    precisionMode: null,
    dataset: { path: '/data', annotations: '/data/val_map.txt', sha256: 'b'.repeat(64), total: 3, layout: 'labels-file' },
    subset: { offset: 0, limit: 2, count: 2 },
    flags: { preprocess: 'torchvision-imagenet' },
    files: { predictions: '' },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
const rec = (file: string, top: number) => ({ file, topk: [top, 1, 2, 3, 4], logits: [5, 4, 3, 2, 1] });

describe('accuracy side folders', () => {
  it('resumes under the same identity (another subset included) and writes only the run\'s samples, in data set order', () => {
    const dir = join(base, 'resume');
    const first = openSide(dir, manifest(), false);
    expect(first.restartNote).toBeNull();
    first.file.append([rec('b.jpg', 7), rec('a.jpg', 9)]);
    const again = openSide(dir, manifest({ subset: { offset: 0, limit: null, count: 3 } }), false);
    expect(again.restartNote).toBeNull();
    expect([...again.records.keys()]).toEqual(['b.jpg', 'a.jpg']);
    const m = finishSide(again, ['a.jpg', 'b.jpg']);
    expect(m.files).toEqual({ predictions: 'predictions.jsonl' });
    expect(readFileSync(join(dir, 'predictions.jsonl'), 'utf8')).toBe(`${JSON.stringify(rec('a.jpg', 9))}\n${JSON.stringify(rec('b.jpg', 7))}\n`);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ subset: { limit: null, count: 3 }, files: { predictions: 'predictions.jsonl' } });
    expect(() => finishSide(again, ['c.jpg'])).toThrow(/no prediction for c\.jpg/);
  });

  it('starts afresh, saying why, for another model, precision, data set or flags; --fresh always', () => {
    const dir = join(base, 'stale');
    openSide(dir, manifest(), false).file.append([rec('a.jpg', 1)]);
    const other = openSide(dir, manifest({ model: { id: null, path: '/n.onnx', sha256: 'c'.repeat(64) }, flags: { preprocess: 'direct-224' } }), false);
    expect(other.restartNote).toBe(`${dir}: it holds predictions of a different run (model /m.onnx (sha256 aaaaaaaaaaaa…); preprocess "torchvision-imagenet") — starting afresh`);
    expect(other.records.size).toBe(0);
    other.file.append([rec('a.jpg', 1)]);
    const fresh = openSide(dir, manifest({ model: { id: null, path: '/n.onnx', sha256: 'c'.repeat(64) }, flags: { preprocess: 'direct-224' } }), true);
    expect(fresh.restartNote).toBeNull();
    expect(fresh.records.size).toBe(0);
    expect(readdirSync(dir)).toEqual(['manifest.json']); // the old records are gone; the new file is created on the first append
  });

  it('names each difference of identity', () => {
    const m = manifest();
    expect(identityDifferences(m, manifest({ subset: { offset: 1, limit: 1, count: 1 }, createdAt: 'later' }))).toEqual([]);
    expect(identityDifferences(m, manifest({ precision: 'bf16', precisionMode: 'emulated' }))).toEqual(['precision fp32']);
    expect(identityDifferences(m, manifest({ dataset: { ...m.dataset, sha256: 'd'.repeat(64) } }))).toEqual([`data set /data (ground truth bbbbbbbbbbbb…)`]);
  });

  it('SQuAD: predictions.json and, when every record has a no-answer score, na_prob.json', () => {
    const dir = join(base, 'squad');
    const side = openSide(dir, manifest({ task: 'squad', workload: 'bert' }), false);
    side.file.append([{ id: 'q2', text: 'Rollo', noAnswerScore: -1.5 }, { id: 'q1', text: '', noAnswerScore: 2 }]);
    side.records.set('q2', { id: 'q2', text: 'Rollo', noAnswerScore: -1.5 });
    side.records.set('q1', { id: 'q1', text: '', noAnswerScore: 2 });
    expect(finishSide(side, ['q1', 'q2']).files).toEqual({ predictions: 'predictions.json', naProbs: 'na_prob.json' });
    expect(JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8'))).toEqual({ q1: '', q2: 'Rollo' });
    expect(JSON.parse(readFileSync(join(dir, 'na_prob.json'), 'utf8'))).toEqual({ q1: 2, q2: -1.5 });
  });
});
