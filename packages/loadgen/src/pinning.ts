/**
 * Pinning instances to disjoint cores. Node's worker threads cannot be pinned, so a pinned instance is a child
 * process started under `taskset -c <cpus>` (util-linux). Where that is impossible — not Linux, no taskset, fewer
 * allowed cores than instances × threads — `--pin` fails with one line naming the problem and the fix; it never
 * silently runs unpinned.
 */
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BenchError } from '@modelbench/core';

/** "0-3,8,10-11" → [0, 1, 2, 3, 8, 10, 11] */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new RangeError(`not a CPU list: '${text}'`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let c = a; c <= b; c++) out.push(c);
  }
  return out;
}

export interface PinningHost {
  platform: string;
  tasksetPath: string | undefined;
  /** CPUs this process may run on (Cpus_allowed_list) */
  allowedCpus: number[];
  /** one CPU per physical core (the first hardware thread of each), within allowedCpus */
  coreCpus: number[];
}

export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What this machine offers for pinning (Linux /proc and /sys; empty lists elsewhere). */
export function probePinningHost(): PinningHost {
  const status = readOr('/proc/self/status');
  const allowedLine = status?.split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
  const allowedCpus = allowedLine ? parseCpuList(allowedLine.split(':')[1] ?? '') : [];
  const allowed = new Set(allowedCpus);
  const seen = new Set<string>();
  const coreCpus: number[] = [];
  let cpuDirs: string[] = [];
  try {
    cpuDirs = readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d));
  } catch {
    cpuDirs = [];
  }
  for (const cpu of cpuDirs.map((d) => Number(d.slice(3))).sort((a, b) => a - b)) {
    if (!allowed.has(cpu)) continue;
    const siblings = readOr(`/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`)?.trim() ?? String(cpu);
    if (seen.has(siblings)) continue;
    seen.add(siblings);
    coreCpus.push(cpu);
  }
  return { platform: process.platform, tasksetPath: findOnPath('taskset'), allowedCpus, coreCpus: coreCpus.length > 0 ? coreCpus : allowedCpus };
}

/** Disjoint CPU sets, one per instance, `threads` physical cores each; a USAGE error where pinning is impossible. */
export function planPinning(instances: number, threads: number, host: PinningHost): number[][] {
  if (host.platform !== 'linux') {
    throw new BenchError('USAGE', `--pin needs Linux (taskset); this is ${host.platform}`, { hint: 'drop --pin (instances then share the cores as the OS schedules them)' });
  }
  if (!host.tasksetPath) {
    throw new BenchError('USAGE', '--pin needs taskset, which is not on PATH', { hint: 'install util-linux (apt-get install util-linux), or drop --pin' });
  }
  const need = instances * threads;
  if (host.coreCpus.length < need) {
    throw new BenchError('USAGE', `--pin needs ${need} cores for ${instances} instances × ${threads} threads; this process may use ${host.coreCpus.length} (${host.coreCpus.join(',')})`, {
      hint: `use fewer --instances or --threads (at most ${host.coreCpus.length} in all), or drop --pin`,
    });
  }
  return Array.from({ length: instances }, (_, i) => host.coreCpus.slice(i * threads, (i + 1) * threads));
}
