import { describe, expect, it } from 'vitest';
import { toCellView } from '../src/cell-view.ts';
import { CSV_COLUMNS, csvField, renderCsv } from '../src/csv.ts';
import { renderMarkdownSummary } from '../src/markdown.ts';
import { summarizeCells } from '../src/summary.ts';
import { buildReport } from '../src/report.ts';
import { around, makeRecord } from './records.ts';
import { scenario } from './scenario.ts';

/** RFC 4180 parser, enough for the test: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('Markdown summary', () => {
  const md = renderMarkdownSummary(summarizeCells(scenario().map(toCellView)));

  it('names each workload\'s winner with speed-ups and their 95 % intervals, the test that decided it, and the efficiency', () => {
    expect(md).toContain(
      '**resnet50** (batch 1): winner **ort-cpu fp32 2t** — mean 100.00 ± 1.05 ms per batch of 1 (95 % interval), 1.50 ± 0.02× over the runner-up ort-wasm fp32 2t ' +
        '(|t| = 60.76 > 2.15 (Welch, df 13.9) and |change| ≥ 2 %), fp32 itself, efficiency 81.8 % of the 100.0 GFLOP/s GEMM peak.',
    );
    expect(md).toMatch(/\*\*ssd\*\* \(batch 1\): winner \*\*ort-cpu bf16 \(native\) 2t\*\* — mean 25\.00 ± 0\.26 ms .*, 1\.60 ± 0\.02× over the runner-up ort-cpu fp32 2t .*, 1\.60 ± 0\.02× over fp32 on the same backend/);
  });

  it('says "tied", with the test, where the spread hides the difference — no winner', () => {
    expect(md).toContain('**bert** (batch 1): tied — **ort-cpu fp32 2t**, **ort-wasm fp32 2t** cannot be told apart (|t| = 0.62 ≤ 2.12 (Welch, df 16.0): within the noise)');
    const bert = md.slice(md.indexOf('## bert'), md.indexOf('## resnet50'));
    expect(bert).not.toContain('winner');
    expect(bert).toContain('| 1 (tied) | ort-cpu fp32 2t |');
    expect(bert).toContain('| =1 (tied) | ort-wasm fp32 2t |');
  });

  it('tabulates every measured cell, with unranked emulated cells, p99 left out below 100 samples, and lists what was not measured', () => {
    expect(md).toContain('| 1 (winner) | ort-cpu fp32 2t | 100.00 ± 1.05 | 100.00 | - | 1.37 (9) |');
    expect(md).toMatch(/\| 2 \| ort-wasm fp32 2t \| 150\.00 ± 1\.58 \|.*\| 1\.50 ± 0\.02× slower \| 1\.00 ± 0\.01× \|/);
    expect(md).toMatch(/\| not ranked \| ort-cpu bf16 \(emulated\) 2t \(bf16 only emulated here\) \| 80\.00 ± 0\.53 \|.*\| - \| 1\.25 ± 0\.01× \|/);
    expect(md).toContain('p99 ms (n ≥ 100)');
    expect(md).toContain('- ort-cuda fp32 2t — skipped [BACKEND_UNAVAILABLE]: backend ort-cuda is unavailable here: Failed to load shared library');
    expect(md).toContain('- ort-wasm bf16 2t — error [MODEL_INVALID]: cannot load "bert.onnx", truncated');
  });

  it('shows p99 from 100 samples on (core\'s percentile rule), the record\'s own figure', () => {
    const record = makeRecord({ samplesMs: Array.from({ length: 100 }, (_, i) => 100 + i) });
    const many = renderMarkdownSummary(summarizeCells([toCellView({ record, source: 'r', path: '' })]));
    expect(many).toContain(`| 1 (winner) | ort-cpu fp32 2t | 149.50 ± 5.76 | 149.50 | ${record.latency!.p99Ms!.toFixed(2)} |`);
    const fewer = makeRecord({ samplesMs: Array.from({ length: 99 }, (_, i) => 100 + i) });
    expect(renderMarkdownSummary(summarizeCells([toCellView({ record: fewer, source: 'r', path: '' })]))).toMatch(/\| 1 \(winner\) \| ort-cpu fp32 2t \| [\d.]+ ± [\d.]+ \| 149\.00 \| - \|/);
  });
});

describe('the report on two tied runs', () => {
  it('says "tied" for the same cell measured twice within the noise, and gives the provenance of both runs', () => {
    const run = (source: string, samplesMs: number[], commit: string, load: number) => {
      const r = makeRecord({ samplesMs });
      const environment = {
        ...r.environment,
        software: { ...r.environment.software, git: { commit: commit.repeat(40), dirty: false }, argv: ['/usr/bin/node', '/repo/packages/resnet50/src/main.ts', 'performance', '--backend', 'ort-cpu', '--json', 'out dir/r.json'] },
        load: { before: { at: '2026-01-02T03:04:05.000Z', loadAverage: [load, 0.5, 0.4] as [number, number, number], stealTicks: null, totalTicks: null }, after: null, stealPercent: 0.25 },
      };
      return { record: { ...r, environment }, source, path: `/r/${source}.json` };
    };
    const report = buildReport([run('before', around(100, 3), 'a', 0.42), run('after', around(100.5, 3), 'b', 1.5)]);
    expect(report.summary.workloads[0]!.winner).toBeNull();
    expect(report.markdown).toContain('**resnet50** (batch 1): tied — **ort-cpu fp32 2t [before]**, **ort-cpu fp32 2t [after]** cannot be told apart (|t| = 0.52 ≤ 2.12');
    expect(report.markdown).toContain('## Provenance');
    expect(report.markdown).toContain(`- git commit: \`${'a'.repeat(40)}\`, \`${'b'.repeat(40)}\``);
    expect(report.markdown).toContain('- CPU: `Test CPU 9000 (x64, 2 physical / 2 logical cores)`');
    expect(report.markdown).toContain("| resnet50 ort-cpu fp32 2t [before] | 2026-01-02 03:04:05 | 0.42 → ? | 0.3 % | `node /repo/packages/resnet50/src/main.ts performance --backend ort-cpu --json 'out dir/r.json'` |");
    expect(report.html).toContain('<h2>Provenance</h2>');
    expect(report.html).toContain('tied — <strong>ort-cpu fp32 2t [before]</strong>');
  });
});

describe('CSV of all cells', () => {
  const cells = scenario().map(toCellView);
  const rows = parseCsv(renderCsv(cells));

  it('has the header and one row per record, every row as wide as the header', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(cells.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('holds the figures and the reasons, quoted where needed', () => {
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const winner = rows.find((r) => r[col('workload')] === 'resnet50' && r[col('backend')] === 'ort-cpu' && r[col('precision')] === 'fp32')!;
    expect(Number(winner[col('median_ms')])).toBe(100);
    expect(Number(winner[col('efficiency')])).toBeCloseTo(0.818, 12);
    expect(winner[col('machine')]).toBe('box-a (Test CPU 9000, x64, 2 cores)');
    const failed = rows.find((r) => r[col('status')] === 'error')!;
    expect(failed[col('message')]).toBe('cannot load "bert.onnx", truncated');
    expect(failed[col('median_ms')]).toBe('');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField(Number.NaN)).toBe('');
  });
});
