import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { compareMain } from '../src/compare-cli.ts';
import { toCellView } from '../src/cell-view.ts';
import { compareRuns, renderComparison } from '../src/compare.ts';
import { compareTwoCells, renderTwoCells } from '../src/two-cells.ts';
import { around, makeRecord } from './records.ts';

const view = (source: string) => (record: ReturnType<typeof makeRecord>) => toCellView({ record, source, path: '' });

function runs() {
  const a = [
    makeRecord({ backend: 'ort-cpu', samplesMs: around(100, 2) }),
    makeRecord({ backend: 'ort-wasm', samplesMs: around(150, 3) }),
    makeRecord({ backend: 'ort-cpu', precision: 'bf16', execution: 'emulated', samplesMs: around(120, 10) }),
    makeRecord({ workload: 'bert', backend: 'ort-cpu', samplesMs: around(40, 1) }),
    makeRecord({ workload: 'ssd', backend: 'ort-cpu', samplesMs: around(30, 1) }),
  ];
  const b = [
    makeRecord({ backend: 'ort-cpu', samplesMs: around(90, 2), hostname: 'box-b' }), // 10 % faster
    makeRecord({ backend: 'ort-wasm', samplesMs: around(165, 3), hostname: 'box-b' }), // 10 % slower
    makeRecord({ backend: 'ort-cpu', precision: 'bf16', execution: 'emulated', samplesMs: around(118, 10), hostname: 'box-b' }), // noise
    makeRecord({ workload: 'bert', backend: 'ort-cpu', status: 'error', error: { code: 'INFERENCE_FAILED', message: 'boom' }, hostname: 'box-b' }),
    makeRecord({ workload: 'maskrcnn', backend: 'ort-cpu', samplesMs: around(900, 10), hostname: 'box-b' }),
  ];
  return { a: a.map(view('A')), b: b.map(view('B')) };
}

describe('compareTwoCells (hyperfine-style, any two cells)', () => {
  it('says which ran faster with a 95 % interval, or "tied" with the test when the noise hides the difference', () => {
    const fast = view('a')(makeRecord({ samplesMs: around(100, 2) }));
    const slow = view('b')(makeRecord({ backend: 'ort-wasm', samplesMs: around(150, 3) }));
    const text = renderTwoCells(compareTwoCells(slow, fast), 'wasm.json', 'cpu.json');
    expect(text).toContain('A: resnet50 ort-wasm fp32 2t b1 — wasm.json (box-a (Test CPU 9000, x64, 2 cores))');
    expect(text).toContain('  Time (mean ± 95 %): 150.00 ms ± 1.58 ms    [median 150.00 ms, sd 2.05 ms]');
    expect(text).toContain('  Range (min … max): 147.00 ms … 153.00 ms    9 timed batches');
    expect(text).toContain('B ran 1.50 ± 0.02× faster than A');
    const noisy = view('c')(makeRecord({ backend: 'ort-wasm', samplesMs: around(101, 10) }));
    const tie = compareTwoCells(fast, noisy);
    expect(tie.tied).toBe(true);
    expect(renderTwoCells(tie, 'a', 'c')).toMatch(/tied: A and B cannot be told apart \(\|t\| = 0\.\d\d ≤ 2\.\d+ \(Welch, df [\d.]+\): within the noise\); B against A: 1\.01 ± 0\.\d\d× slower/);
  });
});

describe('compareRuns', () => {
  it('matches cells across machines and gives each a noise-aware verdict', () => {
    const { a, b } = runs();
    const r = compareRuns(a, b);
    const verdicts = Object.fromEntries(r.pairs.map((p) => [p.key, p.comparison?.verdict ?? p.notComparable]));
    expect(verdicts).toEqual({
      'bert ort-cpu fp32 2t b1': 'B: error [INFERENCE_FAILED]',
      'resnet50 ort-cpu bf16 (emulated) 2t b1': 'no significant change',
      'resnet50 ort-cpu fp32 2t b1': 'faster',
      'resnet50 ort-wasm fp32 2t b1': 'slower',
    });
    expect(r.pairs.find((p) => p.key === 'resnet50 ort-cpu fp32 2t b1')!.comparison!.changePercent).toBeCloseTo(-10, 10);
    expect(r.onlyA.map((c) => c.workload)).toEqual(['ssd']);
    expect(r.onlyB.map((c) => c.workload)).toEqual(['maskrcnn']);
  });

  it('renders a table with the change, the verdict and the count of each', () => {
    const { a, b } = runs();
    const text = renderComparison(compareRuns(a, b), 'a.json', 'b.json');
    // means ± the 95 % half-width (around(100, 2): sd 1.3693, t(8) · sd / 3 = 1.05); B against A hyperfine's way round
    expect(text).toMatch(/resnet50 ort-cpu fp32 2t b1 +100\.00 ± 1\.05 \(n 9\) +90\.00 ± 1\.05 \(n 9\) +-10\.0 % +1\.11 ± 0\.02× faster +faster/);
    expect(text).toMatch(/resnet50 ort-wasm fp32 2t b1 .* \+10\.0 % +1\.10 ± 0\.01× slower +slower/);
    expect(text).toContain('not comparable (B: error [INFERENCE_FAILED])');
    expect(text).toContain('1 faster, 1 slower, 1 no significant change (B against A)');
    expect(text).toContain('only in A: ssd ort-cpu fp32 2t b1');
  });

  it('works from the command line on two record files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
    const { a, b } = runs();
    writeFileSync(join(dir, 'A.json'), JSON.stringify(a.map((c) => c.record)));
    writeFileSync(join(dir, 'B.json'), JSON.stringify(b.map((c) => c.record)));
    const cli = join(__dirname, '..', 'src', 'cli.ts');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, 'compare', ...args], { encoding: 'utf8', cwd: join(__dirname, '..') });
    const ok = run(join(dir, 'A.json'), join(dir, 'B.json'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 faster, 1 slower, 1 no significant change');
    // in-process for the exit code of --fail-on-slower (each CLI start costs seconds here)
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await compareMain([join(dir, 'A.json'), join(dir, 'B.json'), '--fail-on-slower'])).toBe(1);
      expect(await compareMain([join(dir, 'A.json'), join(dir, 'A.json'), '--fail-on-slower'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    const bad = run(join(dir, 'A.json'));
    // two different cells, one record each: hyperfine's side-by-side comparison instead of "no cell in common"
    writeFileSync(join(dir, 'cpu.json'), JSON.stringify(a[0]!.record));
    writeFileSync(join(dir, 'wasm.json'), JSON.stringify(a[1]!.record));
    const lines: string[] = [];
    const capture = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    try {
      expect(await compareMain([join(dir, 'wasm.json'), join(dir, 'cpu.json')])).toBe(0);
    } finally {
      capture.mockRestore();
    }
    expect(lines.join('')).toContain('B ran 1.50 ± 0.02× faster than A (|t| = 60.76 > 2.15 (Welch, df 13.9) and |change| ≥ 2 %)');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error [USAGE]: compare: expected two runs (A and B), got 1');
  });
});
