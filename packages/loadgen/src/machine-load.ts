/**
 * Was the machine busy while we measured? Reads /proc/loadavg and the aggregate `cpu` line of /proc/stat before and
 * after a run: the share of CPU time other processes used (all non-idle time minus this process's own CPU time), the
 * share stolen by the hypervisor (steal), and the 1-minute load average at each end. Linux only; elsewhere the
 * snapshot says it is unavailable and no warning is invented.
 */
import { readFileSync } from 'node:fs';
import { parseProcStatCpu } from '@modelbench/core';

export interface CpuTimes {
  /** all jiffies (user nice system idle iowait irq softirq steal) */
  total: number;
  idle: number;
  steal: number;
}

export interface LoadSnapshot {
  available: boolean;
  loadAverage1m?: number;
  cpu?: CpuTimes;
  /** this process's CPU time so far (user + system), ms */
  ownCpuMs: number;
  wallMs: number;
}

export interface MachineLoad {
  available: boolean;
  loadAverageStart?: number;
  loadAverageEnd?: number;
  /** fraction of all CPU time used by other processes during the run */
  othersBusyFraction?: number;
  /** fraction of all CPU time stolen by the hypervisor during the run */
  stealFraction?: number;
  warnings: string[];
}

/** The aggregate `cpu` line of /proc/stat, read by core's parser (the one the run record's load uses). */
export function parseProcStat(text: string): CpuTimes | undefined {
  const p = parseProcStatCpu(text);
  return p ? { total: p.totalTicks, idle: p.idleTicks, steal: p.stealTicks ?? 0 } : undefined;
}

export function parseLoadAverage(text: string): number | undefined {
  const v = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(v) ? v : undefined;
}

export function snapshotLoad(nowMs: number, extraOwnCpuMs = 0): LoadSnapshot {
  const usage = process.cpuUsage();
  const ownCpuMs = (usage.user + usage.system) / 1000 + extraOwnCpuMs;
  try {
    const cpu = parseProcStat(readFileSync('/proc/stat', 'utf8'));
    const loadAverage1m = parseLoadAverage(readFileSync('/proc/loadavg', 'utf8'));
    if (!cpu) return { available: false, ownCpuMs, wallMs: nowMs };
    return { available: true, cpu, ...(loadAverage1m !== undefined ? { loadAverage1m } : {}), ownCpuMs, wallMs: nowMs };
  } catch {
    return { available: false, ownCpuMs, wallMs: nowMs };
  }
}

export interface LoadThresholds {
  othersBusyFraction: number;
  stealFraction: number;
}

export const DEFAULT_LOAD_THRESHOLDS: LoadThresholds = { othersBusyFraction: 0.1, stealFraction: 0.02 };

/** Compares two snapshots; `clockTicksPerSecond` is USER_HZ (100 on Linux). */
export function compareLoad(before: LoadSnapshot, after: LoadSnapshot, logicalCpus: number, thresholds = DEFAULT_LOAD_THRESHOLDS, clockTicksPerSecond = 100): MachineLoad {
  if (!before.available || !after.available || !before.cpu || !after.cpu) {
    return { available: false, warnings: [] };
  }
  const dTotal = after.cpu.total - before.cpu.total;
  const dBusy = dTotal - (after.cpu.idle - before.cpu.idle);
  const dSteal = after.cpu.steal - before.cpu.steal;
  const ownTicks = ((after.ownCpuMs - before.ownCpuMs) / 1000) * clockTicksPerSecond;
  const out: MachineLoad = { available: true, warnings: [] };
  if (before.loadAverage1m !== undefined) out.loadAverageStart = before.loadAverage1m;
  if (after.loadAverage1m !== undefined) out.loadAverageEnd = after.loadAverage1m;
  if (dTotal > 0) {
    out.othersBusyFraction = Math.max(0, (dBusy - ownTicks) / dTotal);
    out.stealFraction = Math.max(0, dSteal / dTotal);
    if (out.othersBusyFraction > thresholds.othersBusyFraction) {
      out.warnings.push(`machine busy: other processes used ${(out.othersBusyFraction * 100).toFixed(0)} % of the CPU time during the run (load average ${before.loadAverage1m ?? '?'} → ${after.loadAverage1m ?? '?'} on ${logicalCpus} CPUs); rerun on a quiet machine`);
    }
    if (out.stealFraction > thresholds.stealFraction) {
      out.warnings.push(`CPU steal: the hypervisor took ${(out.stealFraction * 100).toFixed(1)} % of the CPU time during the run; numbers from this VM are not stable`);
    }
  }
  return out;
}
