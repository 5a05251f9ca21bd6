import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report.ts';
import { scenario } from './scenario.ts';

describe('HTML report: run settings', () => {
  it('lists every measured cell with its iterations, warm-up, batch, threads, runtime version, start and machine', () => {
    const html = buildReport(scenario(), new Date('2026-01-02T00:00:00Z')).html;
    const section = html.slice(html.indexOf('<h2>Run settings</h2>'));
    expect(section.startsWith('<h2>Run settings</h2>')).toBe(true);
    const rows = section.slice(0, section.indexOf('</table>')).split('<tr>').slice(2);
    const measured = scenario().filter((l) => l.record.status === 'ok' && l.record.latency);
    expect(rows).toHaveLength(measured.length);
    const first = measured[0]!.record;
    const texts = rows.map((r) => r.replace(/<[^>]+>/g, '|'));
    expect(texts.some((t) => t.includes(`|${first.latency!.samples}|`) && t.includes(`|${first.backend!.runtime} ${first.backend!.runtimeVersion}|`))).toBe(true);
    expect(texts[0]).toContain(first.startedAt.slice(0, 10));
  });
});
