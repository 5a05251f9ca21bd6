import { describe, expect, it } from 'vitest';
import { toCellView } from '../src/cell-view.ts';
import { CSV_COLUMNS, csvField, renderCsv } from '../src/csv.ts';
import { renderMarkdownSummary } from '../src/markdown.ts';
import { summarizeCells } from '../src/summary.ts';
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

  it('names each workload\'s winner with its speedups and efficiency', () => {
    expect(md).toContain(
      '**resnet50** (batch 1): winner **ort-cpu fp32 2t** — median 100.00 ms per batch of 1, 1.50× over the runner-up ort-wasm fp32 2t, fp32 itself, ' +
        'efficiency 81.8 % of the 100.0 GFLOP/s GEMM peak.',
    );
    expect(md).toContain('**ssd** (batch 1): winner **ort-cpu bf16 (native) 2t** — median 25.00 ms per batch of 1, 1.60× over the runner-up ort-cpu fp32 2t, 1.60× over fp32 on the same backend');
  });

  it('tabulates every measured cell, with unranked emulated cells, and lists what was not measured', () => {
    expect(md).toContain('| 1 (winner) | ort-cpu fp32 2t | 100.00 |');
    expect(md).toContain('| 2 | ort-wasm fp32 2t | 150.00 |');
    expect(md).toMatch(/\| not ranked \| ort-cpu bf16 \(emulated\) 2t \| 80\.00 \|.*\| - \| 1\.25× \|/);
    expect(md).toContain('- ort-cuda fp32 2t — skipped [BACKEND_UNAVAILABLE]: backend ort-cuda is unavailable here: Failed to load shared library');
    expect(md).toContain('- ort-wasm bf16 2t — error [MODEL_INVALID]: cannot load "bert.onnx", truncated');
  });

  it('carries the noise warning of the workload whose order is not reliable', () => {
    const bert = md.slice(md.indexOf('## bert'), md.indexOf('## resnet50'));
    expect(bert).toMatch(/> ⚠ ort-cpu fp32 2t and ort-wasm fp32 2t differ by 2\.0 % but the spread between repeats \(sd up to \d+\.\d %\) is larger/);
    const ssd = md.slice(md.indexOf('## ssd'));
    expect(ssd).not.toContain('not a reliable order');
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
