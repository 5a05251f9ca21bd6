import { describe, expect, it } from 'vitest';
import { toCellView } from '../src/cell-view.ts';
import { compareRuns, renderComparison } from '../src/compare.ts';
import { CSV_COLUMNS, renderCsv } from '../src/csv.ts';
import { buildReport } from '../src/report.ts';
import { rankScenarioCells } from '../src/scenario-ranking.ts';
import { scenarioSentence } from '../src/scenario-ranking-text.ts';
import { summarizeCells } from '../src/summary.ts';
import { sweepWorkloads } from '../src/sweep.ts';
import { scalingRows, serverRows } from '../src/sweep-tables.ts';
import { makeRecord } from './records.ts';
import { scenarioRecord } from './sweep-records.ts';

/**
 * Hand-made records where MLPerf's metric and the plain percentile disagree on the order:
 * - single-stream ort-cpu: 20 queries, 18 × 10 ms, 11 ms, 40 ms → p90 = sorted[floor(20 × 0.9)] = sorted[18] = 11 ms; its
 *   early-stopping estimate (as the record carries it) 40 ms, the maximum;
 * - single-stream ort-wasm: 19 × 15 ms and 16 ms → p90 = sorted[18] = 15 ms; estimate 16 ms.
 *   By the plain p90 ort-cpu leads (11 < 15); by MLPerf's estimate ort-wasm does (16 < 40).
 * - server ort-cpu at 10 QPS: completed 9.5 samples/s, p99 150 ms; ort-wasm at 12 QPS: completed 11.0 samples/s, p99
 *   300 ms; an INVALID ort-cpu 4t at 30 QPS: 20 samples/s. By p99 ort-cpu 2t leads; by completed samples/s (higher is
 *   better, VALID ahead of INVALID): ort-wasm, ort-cpu 2t, then the INVALID 4t.
 */
const ss = (backend: string, latencyMs: number[], estimateMs: number | null, p90Ms: number) =>
  scenarioRecord({
    scenario: 'single-stream', backend, instances: 1, threads: 1, latencyMs, samples: latencyMs.length, durationMs: latencyMs.reduce((a, b) => a + b, 0),
    headline: {
      mlperfName: 'Early stopping 90th percentile estimate', mlperfKey: 'early_stopping_latency_ss', value: estimateMs, unit: 'ms', better: 'lower',
      plain: { name: 'p90 latency', value: p90Ms, unit: 'ms' },
      ...(estimateMs === null ? { missing: 'early stopping needs at least 64 queries for an estimate; 20 ran' } : {}),
    },
  });
const server = (backend: string, threads: number, targetQps: number, completed: number, latencyMs: number[], p99Ms: number, verdict: 'VALID' | 'INVALID' = 'VALID') =>
  scenarioRecord({
    scenario: 'server', backend, instances: 1, threads, targetQps, achievedQps: targetQps, latencyBoundMs: 400, latencyMs, scheduledMs: latencyMs.map((_, i) => i * 100),
    samples: latencyMs.length, durationMs: latencyMs.length * 100, verdict,
    headline: { mlperfName: 'Completed samples per second', mlperfKey: 'result_completed_samples_per_sec', value: completed, unit: 'samples/s', better: 'higher', plain: { name: 'p99 latency', value: p99Ms, unit: 'ms' } },
  });

const records = [
  ss('ort-cpu', [...Array(18).fill(10), 11, 40], 40, 11),
  ss('ort-wasm', [...Array(19).fill(15), 16], 16, 15),
  server('ort-cpu', 2, 10, 9.5, [100, 120, 150], 150),
  server('ort-wasm', 2, 12, 11, [200, 250, 300], 300),
  server('ort-cpu', 4, 30, 20, [90, 95, 99], 99, 'INVALID'),
];
const loaded = records.map((record, i) => ({ record, source: 'run', path: `/r/${i}.json` }));
const cells = loaded.map(toCellView);
const parts = summarizeCells(cells).parts;

describe('scenario cells ranked on MLPerf\'s metric (scenario.headline), not the plain percentile', () => {
  it('single-stream: the lower early-stopping estimate wins though its plain p90 is higher', () => {
    // the records' own plain p90 (loadgen's sorted[floor(n·p)]) agrees with the worked values above
    expect(records.slice(0, 2).map((r) => r.scenario!.latency['p90Ms'])).toEqual([11, 15]);
    const [single] = rankScenarioCells(cells);
    expect(single!.scenario).toBe('single-stream');
    expect(single!.cells.map((c) => [c.cell.backend, c.place])).toEqual([['ort-wasm', 1], ['ort-cpu', 2]]);
    expect(scenarioSentence(single!, parts)).toBe(
      '**resnet50 single-stream**: best **ort-wasm fp32 1t single-stream ×1** — MLPerf\'s Early stopping 90th percentile estimate 16.00 ms (the plain p90 latency 15.00 ms), ' +
        'VALID; next ort-cpu fp32 1t single-stream ×1 40.00 ms (one run each: no interval, ranked on the figure alone).',
    );
  });

  it('server: more completed samples per second wins though its p99 is higher; an INVALID run comes after every VALID one', () => {
    const srv = rankScenarioCells(cells).find((r) => r.scenario === 'server')!;
    expect(srv.better).toBe('higher');
    expect(srv.cells.map((c) => [c.cell.backend, c.cell.threads, c.place, c.verdict])).toEqual([
      ['ort-wasm', 2, 1, 'VALID'],
      ['ort-cpu', 2, 2, 'VALID'],
      ['ort-cpu', 4, 3, 'INVALID'],
    ]);
  });

  it('lists a cell without the figure, with the reason, and a record from before the headline', () => {
    const missing = ss('ort-xnn', [...Array(19).fill(5), 6], null, 5);
    const old = scenarioRecord({ scenario: 'single-stream', backend: 'ort-old', instances: 1, threads: 1, latencyMs: Array(10).fill(1), samples: 10, durationMs: 10 });
    const more = [...records, missing, old].map((record) => toCellView({ record, source: 'run', path: '' }));
    const [single] = rankScenarioCells(more);
    expect(single!.cells.map((c) => [c.cell.backend, c.place, c.notRankedReason])).toEqual([
      ['ort-wasm', 1, null],
      ['ort-cpu', 2, null],
      ['ort-xnn', null, 'no Early stopping 90th percentile estimate: early stopping needs at least 64 queries for an estimate; 20 ran'],
      ['ort-old', null, 'the record has no MLPerf headline (written before it was recorded)'],
    ]);
  });

  it('the report names MLPerf\'s figure in its column with the plain percentile beside it; the CSV and sweep tables carry both', () => {
    const report = buildReport(loaded);
    expect(report.markdown).toContain('## Scenario ranking (MLPerf\'s metric)');
    expect(report.markdown).toContain('| rank | cell | Early stopping 90th percentile estimate, ms (lower is better; early_stopping_latency_ss) | plain p90 latency, ms (not ranked on) | validity |');
    expect(report.markdown).toContain('| 1 | ort-wasm fp32 1t single-stream ×1 | 16.00 ms | 15.00 | VALID |');
    expect(report.markdown).toContain('| 3 | ort-cpu fp32 4t server ×1 @ 30 QPS | 20.00 samples/s | 99.00 | INVALID |');
    expect(report.markdown).toContain('**resnet50**: no plain-loop cell to rank; its 5 scenario cell(s) are ranked on MLPerf\'s metric in the scenario ranking.');
    expect(report.html).toContain('<h2>Scenario ranking (MLPerf');
    expect(report.html).toContain('<th>Completed samples per second, samples/s (higher is better; result_completed_samples_per_sec)</th>');
    expect(report.html).toContain('<td>1</td><td class="num">ort-wasm fp32 1t single-stream ×1</td><td class="num">16.00 ms</td><td class="num">15.00</td>');
    // the last seven columns are the headline's (the machine column before them is quoted and holds commas)
    expect(CSV_COLUMNS.slice(-7)).toEqual(['mlperf_metric', 'mlperf_key', 'mlperf_value', 'mlperf_unit', 'mlperf_better', 'plain_percentile', 'plain_percentile_ms']);
    const rows = renderCsv(cells).trim().split('\r\n').map((l) => l.split(',').slice(-7));
    expect(rows[1]).toEqual(['Early stopping 90th percentile estimate', 'early_stopping_latency_ss', '40', 'ms', 'lower', 'p90 latency', '11']);
    expect(rows[3]).toEqual(['Completed samples per second', 'result_completed_samples_per_sec', '9.5', 'samples/s', 'higher', 'p99 latency', '150']);
    const [w] = sweepWorkloads(cells, parts);
    const groups = w!.scaling.filter((x) => x.label.includes('single-stream')); // one per backend
    expect(groups.flatMap((g) => scalingRows(g).map((r) => r.slice(6, 8)))).toEqual([
      ['40.00 ms, Early stopping 90th percentile estimate', '11.00 (p90)'],
      ['16.00 ms, Early stopping 90th percentile estimate', '15.00 (p90)'],
    ]);
    const s = w!.server.find((x) => x.label.includes('ort-cpu fp32 2t'))!;
    expect(serverRows(s)[0]!.slice(0, 4)).toEqual(['10.00', '10.00', '9.50', '150.00']);
  });
});

describe('compare A B on a scenario cell: MLPerf\'s metric, not the batch latency', () => {
  it('calls B better when its headline is, though its plain percentile is worse; a plain cell of the same batch stays apart', () => {
    const plain = makeRecord({ threads: 1, samplesMs: [20, 20, 20] });
    const a = [records[0]!, records[2]!, plain].map((record) => toCellView({ record, source: 'A', path: '' }));
    // B: single-stream ort-cpu with an estimate of 30 ms (A: 40) but a plain p90 of 13 ms (A: 11): (30 − 40) / 40 = −25 % → faster;
    // server ort-cpu 2t at 10 QPS completing 9.0 samples/s (A: 9.5) with a p99 of 100 ms (A: 150): (9 − 9.5) / 9.5 = −5.26 % → slower
    const b = [ss('ort-cpu', [...Array(18).fill(12), 13, 30], 30, 13), server('ort-cpu', 2, 10, 9, [80, 90, 100], 100), plain].map((record) =>
      toCellView({ record, source: 'B', path: '' }),
    );
    const r = compareRuns(a, b);
    expect(r.pairs.map((p) => [p.key, p.comparison?.verdict, Number(p.comparison?.changePercent.toFixed(2))])).toEqual([
      ['resnet50 ort-cpu fp32 1t b1', 'no significant change', 0],
      ['resnet50 ort-cpu fp32 1t b1 single-stream ×1', 'faster', -25],
      ['resnet50 ort-cpu fp32 2t b1 server ×1 @ 10 QPS', 'slower', -5.26],
    ]);
    expect(r.pairs[1]!.speedup!.ratio).toBeCloseTo(40 / 30, 12);
    expect(r.pairs[2]!.speedup!.ratio).toBeCloseTo(9 / 9.5, 12);
    const text = renderComparison(r, 'A', 'B');
    expect(text).toContain('40.00 ms Early stopping 90th percentile estimate (p90 latency 11.00 ms)');
    expect(text).toContain('MLPerf\'s Completed samples per second (higher is better), one figure per run: no test; |change| ≥ 2 %');
  });
});
