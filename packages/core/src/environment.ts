/** The machine a result was measured on: recorded with every result so records from several machines compare. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuInfo {
  model: string;
  arch: string;
  logicalCores: number;
  physicalCores: number;
  /** feature flags as the kernel lists them (x86 `flags`, arm64 `Features`), sorted */
  flags: string[];
}

export interface Environment {
  cpu: CpuInfo;
  os: { platform: string; release: string; type: string };
  node: string;
  totalMemoryBytes: number;
  hostname: string;
}

/** Parses the text of /proc/cpuinfo (pure, so it is testable with x86 and arm64 samples). */
export function parseCpuinfo(text: string): { model?: string; flags: string[]; physicalCores?: number } {
  const blocks = text.split(/\n\s*\n/).filter((b) => b.trim().length > 0);
  let model: string | undefined;
  let flags: string[] = [];
  const cores = new Set<string>();
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    model ??= fields.get('model name') ?? fields.get('cpu model') ?? fields.get('hardware');
    const f = fields.get('flags') ?? fields.get('features');
    if (f && flags.length === 0) flags = f.split(/\s+/).filter(Boolean).sort();
    const physicalId = fields.get('physical id');
    const coreId = fields.get('core id');
    if (physicalId !== undefined && coreId !== undefined) cores.add(`${physicalId}:${coreId}`);
  }
  const result: { model?: string; flags: string[]; physicalCores?: number } = { flags };
  if (model !== undefined) result.model = model;
  if (cores.size > 0) result.physicalCores = cores.size;
  return result;
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

let cached: Environment | undefined;

export function captureEnvironment(): Environment {
  if (cached) return cached;
  const parsed = parseCpuinfo(readCpuinfo());
  const logical = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const model = parsed.model ?? os.cpus()[0]?.model ?? 'unknown';
  cached = {
    cpu: {
      model,
      arch: process.arch,
      logicalCores: logical,
      // Without core ids (arm64 kernels, containers) assume no SMT: every logical core is a physical core.
      physicalCores: Math.min(parsed.physicalCores ?? logical, logical),
      flags: parsed.flags,
    },
    os: { platform: process.platform, release: os.release(), type: os.type() },
    node: process.version,
    totalMemoryBytes: os.totalmem(),
    hostname: os.hostname(),
  };
  return cached;
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
