/** The workspace's Nx plugin (tools/nx-plugin): its summary table from run records, and its error lines. */
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRecordPath } from '../src/record-path.ts';
import { keepRecordWithOutputs } from '../src/cached-record.ts';
import { readFileSync } from 'node:fs';
import { vi } from 'vitest';

type Row = Record<string, string>;
interface Summary {
  summaryRows(records: unknown[]): Row[];
  renderText(rows: Row[]): string;
  renderMarkdown(rows: Row[]): string;
  renderCsv(rows: Row[]): string;
  readRunRecords(dir: string, order: string[]): { records: unknown[]; missing: string[]; errors: string[] };
}
interface Plugin {
  runIdOf(date: Date, id: string): string;
  taskTimesLine(taskResults: Record<string, { task?: { startTime?: number; endTime?: number } }>, startTime?: number, endTime?: number): string | undefined;
  preTasksExecution(options: unknown, context: { id: string; workspaceRoot: string; argv: string[] }): void;
  postTasksExecution(options: unknown, context: { id: string; workspaceRoot: string; argv: string[]; taskResults: Record<string, { status: string; terminalOutput?: string; task: { outputs: string[] } }> }): void;
}
const req = createRequire(import.meta.url);
const summary = req('../../../tools/nx-plugin/summary.cjs') as Summary;
const plugin = req('../../../tools/nx-plugin/modelbench.cjs') as Plugin;

/** A performance record: batch 32 at a 250 ms median → 128 samples/s; 4.09 GMAC/sample → 2·4.09e9·32/0.25 = 1047.04 GFLOP/s. */
const perf = {
  workload: 'resnet50',
  mode: 'performance',
  status: 'ok',
  config: { batch: 32 },
  backend: { precision: 'fp32', execution: 'native' },
  latency: { samples: 10, medianMs: 250, rmePercent: 1.234 },
  throughputSamplesPerSecond: 128,
  gflopsPerSecond: 1047.04,
  efficiency: 0.8123,
  peakRssBytes: 512 * 2 ** 20,
  agreement: null,
  error: null,
};
const failed = { workload: 'bert', mode: 'performance', status: 'error', config: null, backend: null, latency: null, error: { code: 'USAGE', message: 'x' } };
const bf16 = { ...perf, workload: 'ssd', backend: { precision: 'bf16', execution: 'emulated' }, latency: { samples: 3, medianMs: 1500, rmePercent: 9 } };

describe('the summary table', () => {
  it('one row per record with its units; a margin of error only from 5 samples; errors as their code', () => {
    const rows = summary.summaryRows([perf, [bf16], failed]);
    expect(rows[0]).toEqual({
      workload: 'resnet50', mode: 'performance', batch: '32', precision: 'fp32', medianSeconds: '0.2500', samplesPerSecond: '128',
      rme: '±1.2 % (n=10)', gflops: '1047', efficiency: '81.2 %', peakRss: '512 MiB', verdict: 'ok',
    });
    expect(rows[1]).toMatchObject({ workload: 'ssd', precision: 'bf16 (emulated)', medianSeconds: '1.500', rme: '— (n=3)' });
    expect(rows[2]).toMatchObject({ workload: 'bert', batch: '—', medianSeconds: '—', verdict: 'error USAGE' });
  });

  it("a validate or accuracy record is one row: its section's verdict and what was compared", () => {
    const fp32 = { backend: { precision: 'fp32', execution: 'native' } };
    const bf16Side = { backend: { precision: 'bf16', execution: 'emulated' } };
    const validate = { ...perf, mode: 'validate', latency: null, backend: bf16Side.backend, validate: { reference: fp32, candidate: bf16Side, verdict: 'PASS' } };
    const repeat = { ...perf, mode: 'validate', latency: null, validate: { reference: fp32, candidate: fp32, verdict: 'FAIL' } };
    const accuracy = { ...perf, mode: 'accuracy', latency: null, accuracy: { reference: fp32, candidate: bf16Side, verdict: 'n/a' } };
    const rows = summary.summaryRows([validate, repeat, accuracy]);
    expect(rows.map((r) => [r.mode, r.precision, r.verdict])).toEqual([
      ['validate', 'fp32 vs bf16 (emulated)', 'PASS'],
      ['validate', 'fp32 vs fp32 (repeat)', 'FAIL'],
      ['accuracy', 'fp32 vs bf16 (emulated)', 'n/a'],
    ]);
  });

  it('an efficiency above 100 % carries its reason in its own cell, on the same line: text, markdown and CSV', () => {
    // 1.277 → 127.7 %; with the run's own GEMM runs (loop.efficiencyRange) the yardstick ran beside the loop
    const beside = { ...perf, efficiency: 1.277, loop: { efficiencyRange: { low: 1.277, high: 1.4 } } };
    const apart = { ...perf, workload: 'bert', efficiency: 1.115, loop: { efficiencyRange: null } };
    const rows = summary.summaryRows([beside, apart, perf]);
    expect(rows.map((r) => r.efficiency)).toEqual([
      "127.7 % (!) above the calibrated GEMM peak: the model's kernels beat the SGEMM yardstick run beside it",
      '111.5 % (!) above the calibrated GEMM peak: calibrated apart from this run',
      '81.2 %',
    ]);
    const text = summary.renderText(rows).split('\n');
    expect(text).toHaveLength(4); // the header and one line per record: no note below the table
    expect(text[1]).toMatch(/^resnet50 .* 127\.7 % \(!\) above the calibrated GEMM peak: the model's kernels beat the SGEMM yardstick run beside it +512 MiB +ok$/);
    expect(text[2]).toMatch(/ 111\.5 % \(!\) above the calibrated GEMM peak: calibrated apart from this run /);
    const md = summary.renderMarkdown(rows).split('\n');
    expect(md).toHaveLength(6); // header, rule, three rows, the final newline
    expect(md[3]).toContain('| 111.5 % (!) above the calibrated GEMM peak: calibrated apart from this run |');
    expect(summary.renderCsv(rows).split('\r\n')[2]).toContain(',111.5 % (!) above the calibrated GEMM peak: calibrated apart from this run,');
    expect(summary.renderText(summary.summaryRows([perf]))).not.toContain('(!)');
  });

  it('renders as aligned text, markdown and RFC 4180 CSV', () => {
    const rows = summary.summaryRows([perf, failed]);
    const text = summary.renderText(rows).split('\n');
    expect(text[0]).toMatch(/^workload\s+mode\s+batch\s+precision\s+median s\/batch\s+samples\/s\s+rme\s+GFLOP\/s\s+efficiency\s+peak RSS\s+verdict$/);
    expect(text).toHaveLength(3);
    const md = summary.renderMarkdown(rows).split('\n');
    expect(md[0]).toBe('| workload | mode | batch | precision | median s/batch | samples/s | rme | GFLOP/s | efficiency | peak RSS | verdict |');
    expect(md[1]).toBe('|---|---|---|---|---|---|---|---|---|---|---|');
    expect(md[2]).toBe('| resnet50 | performance | 32 | fp32 | 0.2500 | 128 | ±1.2 % (n=10) | 1047 | 81.2 % | 512 MiB | ok |');
    const csv = summary.renderCsv(summary.summaryRows([{ ...perf, workload: 'a,"b"' }]));
    expect(csv).toBe('workload,mode,batch,precision,median s/batch,samples/s,rme,GFLOP/s,efficiency,peak RSS,verdict\r\n"a,""b""",performance,32,fp32,0.2500,128,±1.2 % (n=10),1047,81.2 %,512 MiB,ok\r\n');
  });

  it('reads the records the tasks claimed, in task order, and names a claimed file that was never written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-run-'));
    mkdirSync(join(dir, 'out'));
    const a = join(dir, 'out', 'ssd.json');
    const b = join(dir, 'out', 'resnet50.json');
    writeFileSync(a, JSON.stringify(bf16));
    writeFileSync(b, JSON.stringify(perf));
    claimRecordPath(dir, a, 'ssd:performance', 'json');
    claimRecordPath(dir, b, 'resnet50:performance', 'json');
    claimRecordPath(dir, join(dir, 'out', 'r.md'), 'resnet50:performance', 'markdown');
    claimRecordPath(dir, join(dir, 'out', 'never.json'), 'bert:performance', 'json');
    const got = summary.readRunRecords(dir, ['resnet50:performance', 'ssd:performance', 'bert:performance']);
    expect(got.records.map((r) => (r as { workload: string }).workload)).toEqual(['resnet50', 'ssd']);
    expect(got.missing).toEqual(['bert:performance']);
    expect(got.errors).toEqual([]);
  });

  it("lists an error record's code and message under its task, from the record itself", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-run-'));
    const f = join(dir, 'bert.json');
    writeFileSync(f, JSON.stringify({ status: 'error', workload: 'bert', mode: 'performance', error: { code: 'USAGE', message: '--batch must be greater than zero, got -1', hint: 'for example --batch 1' } }));
    claimRecordPath(dir, f, 'bert:performance', 'json');
    expect(summary.readRunRecords(dir, ['bert:performance']).errors).toEqual(['bert:performance  error [USAGE]: --batch must be greater than zero, got -1']);
  });
});

describe('the plugin', () => {
  it("prints each task's wall time from Nx's own task times, and the tasks' run as a whole", () => {
    // 41.4 s → 0:41, 52.6 s → 0:53, 2 min 0.4 s → 2:00; the run 3 min 35 s from 1000 to 216000 ms
    const t0 = 1_000;
    const results = {
      'resnet50:performance': { task: { startTime: t0, endTime: t0 + 41_400 } },
      'ssd:performance': { task: { startTime: t0 + 41_400, endTime: t0 + 94_000 } },
      'maskrcnn:performance': { task: { startTime: t0 + 94_000, endTime: t0 + 214_400 } },
      'bert:performance': {},
    };
    expect(plugin.taskTimesLine(results, t0, 216_000)).toBe('task times: resnet50:performance 0:41, ssd:performance 0:53, maskrcnn:performance 2:00; all tasks 3:35');
    expect(plugin.taskTimesLine({ 'bert:performance': {} }, t0, 2_000)).toBeUndefined();
  });

  it('names a run by its UTC time and Nx command id', () => {
    expect(plugin.runIdOf(new Date('2026-12-06T21:15:30.123Z'), '3f9a1c2b77e0')).toBe('20261206-211530-3f9a1c2b');
  });

  it("reads a replayed task's record from its restored outputs (the task's out-dir copy), marked as Nx's cache", () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-ws-'));
    // the task's run wrote its record and copied it into its out-dir, which Nx cached and has now restored
    const recordFile = join(root, 'first-run.json');
    const validate = { ...perf, mode: 'validate', latency: null, validate: { reference: { backend: { precision: 'fp32', execution: 'native' } }, candidate: { backend: { precision: 'bf16', execution: 'emulated' } }, verdict: 'PASS' } };
    writeFileSync(recordFile, JSON.stringify(validate));
    keepRecordWithOutputs(recordFile, join(root, 'out', 'validate', 'resnet50'));
    expect(JSON.parse(readFileSync(join(root, 'out', 'validate', 'resnet50', 'record.json'), 'utf8'))).toEqual(validate);
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const before = { dir: process.env.MODELBENCH_RECORD_DIR, argv: process.env.MODELBENCH_NX_ARGV };
    const argv = ['node', 'nx', 'run-many', '-t', 'validate'];
    try {
      // the command's record folder is named before the tasks; both tasks were replayed, so none wrote into it
      plugin.preTasksExecution(undefined, { id: 'abc123', workspaceRoot: root, argv });
      plugin.postTasksExecution(undefined, {
        id: 'abc123',
        workspaceRoot: root,
        argv,
        taskResults: {
          'resnet50:validate': { status: 'local-cache', terminalOutput: 'verdict: PASS\n', task: { outputs: ['out/validate/resnet50'] } },
          'ssd:validate': { status: 'local-cache', terminalOutput: 'ssd: verdict: FAIL (replayed text)\n', task: { outputs: ['out/validate/ssd'] } },
        },
      });
    } finally {
      spy.mockRestore();
      for (const [key, value] of [['MODELBENCH_RECORD_DIR', before.dir], ['MODELBENCH_NX_ARGV', before.argv]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const text = printed.join('');
    // resnet50's row comes from its record; ssd kept no record (an older run): it is named, its text not read
    expect(text).toMatch(/resnet50\s+validate \(Nx cache\)\s+32\s+fp32 vs bf16 \(emulated\).*PASS/);
    expect(text).toContain('1 replayed by Nx from its cache');
    expect(text).toContain("replayed by Nx from its cache with no record in its outputs (an older cache entry, or an --out-dir outside the target's outputs): ssd:validate; its output above is the earlier run's — run again with --skip-nx-cache for a record");
    expect(text).not.toContain('replayed text');
  });
});
