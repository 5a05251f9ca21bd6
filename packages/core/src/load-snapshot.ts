/**
 * The machine's load at an instant: load averages and the cumulative CPU ticks (steal and total) of /proc/stat.
 * A runner takes one at the start and one at the end; the steal between them is the share of CPU time a hypervisor
 * gave to others while the run was measuring.
 */
import os from 'node:os';
import type { Load, LoadSnapshot } from './environment-schema.ts';
import { readText } from './sysfs.ts';

/**
 * The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal [guest guest_nice]. guest
 * time is already counted in user (and guest_nice in nice), so the total is the sum of the first eight columns.
 */
export function parseProcStatCpu(text: string): { stealTicks: number | null; totalTicks: number; idleTicks: number } | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const cols = line.trim().split(/\s+/).slice(1).map(Number);
  if (cols.length < 4 || cols.some((x) => !Number.isFinite(x))) return null;
  const total = cols.slice(0, 8).reduce((a, b) => a + b, 0);
  // idle time counts iowait too (column 5), as top and loadgen-style busy figures do
  return { stealTicks: cols.length >= 8 ? cols[7]! : null, totalTicks: total, idleTicks: cols[3]! + (cols[4] ?? 0) };
}

export function loadSnapshot(at: Date = new Date()): LoadSnapshot {
  const stat = readText('/proc/stat');
  const parsed = stat === null ? null : parseProcStatCpu(stat);
  const [one, five, fifteen] = os.loadavg();
  return {
    at: at.toISOString(),
    loadAverage: [one ?? 0, five ?? 0, fifteen ?? 0],
    stealTicks: parsed?.stealTicks ?? null,
    totalTicks: parsed?.totalTicks ?? null,
  };
}

/** Steal between two snapshots, percent of all CPU ticks in between; null when either lacks the counters. */
export function stealPercent(before: LoadSnapshot | null, after: LoadSnapshot | null): number | null {
  if (!before || !after) return null;
  if (before.stealTicks === null || after.stealTicks === null || before.totalTicks === null || after.totalTicks === null) return null;
  const total = after.totalTicks - before.totalTicks;
  if (total <= 0) return null;
  return (100 * (after.stealTicks - before.stealTicks)) / total;
}

export function loadBetween(before: LoadSnapshot | null, after: LoadSnapshot | null): Load {
  return { before, after, stealPercent: stealPercent(before, after) };
}
