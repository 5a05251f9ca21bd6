/**
 * CPU topology and frequency from sysfs: cpu0's caches, SMT (threads per core, smt/active), NUMA nodes and per-CPU
 * frequencies. Each reader takes the sysfs root so tests can point it at a worked tree; null where it is absent.
 */
import { join } from 'node:path';
import type { CacheLevel, CpuInfo, NumaNode } from './environment-schema.ts';
import { listDir, parseCpuList, parseSysfsSize, readTrimmed } from './sysfs.ts';

export const CPU_SYSFS = '/sys/devices/system/cpu';
export const NODE_SYSFS = '/sys/devices/system/node';

export function readCaches(cpuRoot = CPU_SYSFS): CacheLevel[] | null {
  const dir = join(cpuRoot, 'cpu0', 'cache');
  const entries = listDir(dir);
  if (entries === null) return null;
  const caches: CacheLevel[] = [];
  for (const name of entries.filter((e) => /^index\d+$/.test(e)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    const level = readTrimmed(join(dir, name, 'level'));
    const type = readTrimmed(join(dir, name, 'type'));
    const size = readTrimmed(join(dir, name, 'size'));
    const sizeBytes = size === null ? null : parseSysfsSize(size);
    if (level === null || type === null || sizeBytes === null || !/^\d+$/.test(level)) continue;
    caches.push({ level: Number(level), type, sizeBytes });
  }
  return caches;
}

export function readSmt(cpuRoot = CPU_SYSFS): CpuInfo['smt'] {
  const siblings = readTrimmed(join(cpuRoot, 'cpu0', 'topology', 'thread_siblings_list'));
  const list = siblings === null ? null : parseCpuList(siblings);
  const active = readTrimmed(join(cpuRoot, 'smt', 'active'));
  return {
    threadsPerCore: list && list.length > 0 ? list.length : null,
    active: active === '1' ? true : active === '0' ? false : null,
  };
}

export function readNuma(nodeRoot = NODE_SYSFS): NumaNode[] | null {
  const entries = listDir(nodeRoot);
  if (entries === null) return null;
  const nodes: NumaNode[] = [];
  for (const name of entries.filter((e) => /^node\d+$/.test(e))) {
    const text = readTrimmed(join(nodeRoot, name, 'cpulist'));
    const cpus = text === null ? null : parseCpuList(text);
    if (cpus !== null) nodes.push({ id: Number(name.slice(4)), cpus });
  }
  return nodes.sort((a, b) => a.id - b.id);
}

/** The `cpu MHz` lines of /proc/cpuinfo (x86), in processor order. */
export function parseCpuinfoMHz(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/^cpu MHz\s*:\s*([\d.]+)\s*$/gm)) out.push(Number(m[1]));
  return out;
}

const kHzToMHz = (text: string | null): number | null => (text !== null && /^\d+$/.test(text) ? Number(text) / 1000 : null);

/**
 * Current frequency of every online CPU and the highest maximum: cpufreq when every online CPU has it, else the
 * `cpu MHz` of /proc/cpuinfo for the current values (max stays null: cpuinfo does not say it).
 */
export function readFrequency(cpuinfoText: string, cpuRoot = CPU_SYSFS): CpuInfo['frequency'] {
  const online = readTrimmed(join(cpuRoot, 'online'));
  const cpus = (online === null ? null : parseCpuList(online)) ?? [];
  const current = cpus.map((c) => kHzToMHz(readTrimmed(join(cpuRoot, `cpu${c}`, 'cpufreq', 'scaling_cur_freq'))));
  const maxima = cpus
    .map((c) => kHzToMHz(readTrimmed(join(cpuRoot, `cpu${c}`, 'cpufreq', 'cpuinfo_max_freq'))))
    .filter((x): x is number => x !== null);
  const maxMHz = maxima.length ? Math.max(...maxima) : null;
  if (cpus.length > 0 && current.every((x) => x !== null)) return { currentMHz: current as number[], maxMHz, source: 'cpufreq' };
  const fromCpuinfo = parseCpuinfoMHz(cpuinfoText);
  if (fromCpuinfo.length > 0) return { currentMHz: fromCpuinfo, maxMHz, source: 'cpuinfo' };
  return { currentMHz: null, maxMHz, source: null };
}
