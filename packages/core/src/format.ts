/** Text helpers shared by the reporters and progress lines: aligned tables, numbers with units, durations. */
export type Align = 'left' | 'right';

export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (s: string, i: number): string =>
    (align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? s.padEnd(widths[i] ?? 0) : s.padStart(widths[i] ?? 0);
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderMarkdownTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const sep = headers.map((_, i) => ((align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? '---' : '---:'));
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [headers, sep, ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

export function fixed(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} k`;
  return String(n);
}

/**
 * A duration as a clock, `m:ss`, or `h:mm:ss` from an hour on, rounded to the second — the one formatter of elapsed
 * times and ETAs (the run progress line, the download bar, the matrix's progress). `unknown` for a duration that is
 * not a finite number of 0 ms or more (an ETA not known yet).
 */
export function formatClock(ms: number, unknown = '--:--'): string {
  if (!Number.isFinite(ms) || ms < 0) return unknown;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const ss = String(totalS % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
