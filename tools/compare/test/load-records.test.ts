import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecords } from '../src/load-records.ts';
import { writeManifest } from '../src/results-folder.ts';
import { makeRecord } from './records.ts';

describe('loadRecords', () => {
  it('reads a results folder (not its manifest, running files or subfolders) and record files holding one or many', () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-'));
    const run = join(dir, 'run-7');
    mkdirSync(join(run, 'profiles'), { recursive: true });
    writeFileSync(join(run, 'resnet50__ort-cpu__fp32__t2.json'), JSON.stringify(makeRecord()));
    writeFileSync(join(run, '.resnet50__ort-wasm__fp32__t2.running.json'), '');
    writeFileSync(join(run, 'profiles', 'trace.json'), '[]');
    writeManifest(run, { batch: 1, iterations: 3, warmup: null, profiling: false });
    writeFileSync(join(dir, 'many.json'), JSON.stringify([makeRecord(), makeRecord({ backend: 'ort-wasm' })]));
    const loaded = loadRecords([run, join(dir, 'many.json')]);
    expect(loaded.map((l) => [l.source, l.record.backend?.id])).toEqual([
      ['run-7', 'ort-cpu'],
      ['many', 'ort-cpu'],
      ['many', 'ort-wasm'],
    ]);
  });

  it('refuses what is not a run record, naming the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-bad-'));
    writeFileSync(join(dir, 'broken.json'), '{"status":');
    expect(() => loadRecords([join(dir, 'broken.json')])).toThrow(/broken\.json is not JSON/);
    writeFileSync(join(dir, 'other.json'), JSON.stringify([makeRecord(), { hello: 1 }]));
    expect(() => loadRecords([join(dir, 'other.json')])).toThrow(/other\.json\[1\] is not a run record/);
    expect(() => loadRecords([join(dir, 'missing')])).toThrow(/does not exist/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => loadRecords([empty])).toThrow(/holds no record files/);
  });
});
