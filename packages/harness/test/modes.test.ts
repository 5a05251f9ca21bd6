/**
 * The harness's flows on a test workload and backend: validate's verdict, clean out-dir and records, performance's
 * per-call feeds and timings, precision planned once per session, per-mode help, --version, error records.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveModel } from '../src/resolve-model.ts';
import { openSession, planSession, reopenSession } from '../src/session.ts';
import { runWorkloadCommand } from '../src/workload-main.ts';
import { counts, fakeRegistry, fakeWorkload, settings, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-modes-'));
const model = writeTinyModel(dir);
let stdout = '';

beforeEach(() => {
  stdout = '';
  counts.plans = [];
  counts.loads = [];
  counts.runs = 0;
  settings.drift = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const run = (args: string[]): Promise<number> => runWorkloadCommand(fakeWorkload, args, fakeRegistry());

describe('validate', () => {
  it('runs both sessions on every sample, plans each precision once, prints the verdict and writes a clean folder', async () => {
    const out = join(dir, 'v1');
    mkdirSync(out);
    writeFileSync(join(out, 'validate_bf16.png'), 'stale from an earlier run');
    const json = join(dir, 'v1.json');
    settings.drift = 0.0625; // exact in float32
    const code = await run(['validate', '--model', model, '--backend', 'fake', '--bf16', '--out-dir', out, '--json', json]);
    expect(code).toBe(0);
    expect(counts.plans).toEqual(['fp32', 'bf16']); // once each, before loading
    expect(counts.loads.map((p) => p.precision)).toEqual(['fp32', 'bf16']);
    expect(counts.runs).toBe(6); // 3 samples × 2 sessions
    expect(stdout).toMatch(/^fake validate: model .*tiny\.onnx \[user model [0-9a-f]{12}\], adapter only, backend fake \(fake-runtime 9\.9\.9\), fp32 vs bf16 \(emulated\)$/m);
    expect(stdout).toMatch(/^fp32 2 \| bf16 \(emulated\) 2\.0625$/m);
    expect(stdout).toMatch(/^ {2}max \|Δy\| 0\.0625 \(need ≤ 0\.1\): ok$/m);
    expect(stdout).toMatch(/^verdict: PASS \(fp32 vs bf16 \(emulated\): within the thresholds\)$/m);
    expect(readdirSync(out).sort()).toEqual(['predictions.json', 'validate_bf16-emulated.txt']);
    expect(stdout).toContain(`pictures: ${join(out, 'validate_bf16-emulated.txt')}`);
    const saved = JSON.parse(readFileSync(join(out, 'predictions.json'), 'utf8'));
    expect(saved).toMatchObject({ adapter: 'only', candidate: 'bf16 (emulated)', agreement: { passed: true, checks: [{ metric: 'max |Δy|', threshold: 0.1, direction: 'max', passed: true }] } });
    expect(saved.predictions.map((p: { fp32: number }) => p.fp32)).toEqual([2, 4, 6]);
    const record = JSON.parse(readFileSync(json, 'utf8')); // one record: both sides in its validate section
    expect([record.validate.reference, record.validate.candidate].map((r: { backend: { precision: string } }) => r.backend.precision)).toEqual(['fp32', 'bf16']);
    expect(record.validate.agreement).toMatchObject({ candidate: 'bf16 (emulated)', passed: true, details: { diffs: [0.0625, 0.0625, 0.0625] } });
  });

  it('exits 1 outside the thresholds, naming the failure, with the failure in the record warnings', async () => {
    settings.drift = 0.5;
    const json = join(dir, 'v2.json');
    const code = await run(['validate', '--model', model, '--backend', 'fake', '--bf16', '--out-dir', join(dir, 'v2'), '--json', json]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^verdict: FAIL — max \|Δy\| 0\.5000 \(need ≤ 0\.1\)$/m);
    expect(JSON.parse(readFileSync(json, 'utf8')).warnings).toContain('max |Δy| 0.5000 (need ≤ 0.1)');
  });

  it('without --bf16 the candidate is a second fp32 session, labelled fp32 (repeat)', async () => {
    const out = join(dir, 'v3');
    expect(await run(['validate', '--model', model, '--backend', 'fake', '--out-dir', out])).toBe(0);
    expect(counts.plans).toEqual(['fp32']);
    expect(stdout).toMatch(/fp32 vs fp32 \(repeat\)/);
    expect(readdirSync(out).sort()).toEqual(['predictions.json', 'validate_fp32-repeat.txt']);
  });

  it('a failure after the flags parsed leaves an error record with --json, and the earlier out-dir untouched', async () => {
    const out = join(dir, 'v4');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.json'), '{}');
    const json = join(dir, 'v4.json');
    await expect(run(['validate', '--model', join(dir, 'missing.onnx'), '--backend', 'fake', '--out-dir', out, '--json', json])).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const record = JSON.parse(readFileSync(json, 'utf8'));
    expect(record).toMatchObject({ status: 'error', mode: 'validate', workload: 'fake', error: { code: 'MODEL_NOT_FOUND' } });
    expect(readdirSync(out)).toEqual(['keep.json']);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('performance', () => {
  it('feeds each call its own feeds, times every call, and plans the precision once', async () => {
    const json = join(dir, 'p.json');
    const code = await run(['performance', '--model', model, '--backend', 'fake', '--warmup', '1', '--iterations', '2', '--no-calibration', '--json', json]);
    expect(code).toBe(0);
    expect(counts.plans).toEqual(['fp32']);
    expect(counts.runs).toBe(7); // 1 warm-up call + 2 timed iterations × 3 calls (a warm-up is one call, not a batch)
    expect(stdout).toMatch(/^\[TARGET\] fake Time \d+\.\d{6}$/m);
    const record = JSON.parse(readFileSync(json, 'utf8'));
    const rec = Array.isArray(record) ? record[0] : record;
    expect(rec.config).toMatchObject({ batch: 1, batchMode: 'sequential', iterations: 2, input: 'numbers' });
    expect(rec.samplesMs).toHaveLength(2);
    expect(rec.callSamplesMs).toHaveLength(6); // 2 timed iterations × 3 calls, warm-up left out
  });
});

describe('sessions', () => {
  it('a SessionSpec survives structured cloning and re-opens the same session with the same plan, planning nothing again', async () => {
    const session = { backendId: 'fake', graphOptimization: 'all', threads: 1, spinning: false } as const;
    const registry = fakeRegistry();
    const { backend, plans } = await planSession(session, ['bf16'], registry);
    const opened = await openSession(await resolveModel('fake', { modelPath: model }), backend, plans.bf16!, session);
    const spec = structuredClone(opened.spec); // what a worker thread receives
    const again = await reopenSession(spec, registry);
    expect(counts.plans).toEqual(['bf16']);
    expect(again.precision).toEqual(opened.loaded.precision);
    expect(spec).toMatchObject({ backendId: 'fake', artifact: { path: model }, options: { threads: 1, graphOptimizationLevel: 'all' } });
  });
});

describe('the command line', () => {
  it('each mode lists its own flags; the bare command lists the modes', async () => {
    expect(await run(['validate', '--help'])).toBe(0);
    expect(stdout).toMatch(/^usage: fake validate \[flags\]/);
    expect(stdout).toMatch(/--max-diff N/);
    expect(stdout).toMatch(/--out-dir DIR .*\(default out\/validate\/fake\)/);
    expect(stdout).not.toMatch(/--iterations|--calls/);
    stdout = '';
    expect(await run(['performance', '-h'])).toBe(0);
    expect(stdout).toMatch(/--calls N/);
    expect(stdout).not.toMatch(/--max-diff|--out-dir/);
    stdout = '';
    expect(await run([])).toBe(0);
    expect(stdout).toMatch(/^fake: a test workload\n\nusage: fake performance \[flags\]/);
  });

  it('--version names the suite and each runtime of the registry', async () => {
    expect(await run(['--version'])).toBe(0);
    expect(stdout).toBe('modelbench 0.1.0\nfake-runtime 9.9.9\n');
    // after a mode too, as `nx run <w>:performance -- --version` gives it
    stdout = '';
    expect(await run(['performance', '--version'])).toBe(0);
    expect(stdout).toBe('modelbench 0.1.0\nfake-runtime 9.9.9\n');
  });

  it('an unknown mode is a usage error listing the modes', async () => {
    await expect(run(['sprint'])).rejects.toMatchObject({ code: 'USAGE', exitCode: 2, hint: expect.stringMatching(/performance, validate/) });
    expect(existsSync(join(dir, 'sprint'))).toBe(false);
  });
});
