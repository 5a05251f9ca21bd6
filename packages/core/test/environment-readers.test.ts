import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpuinfoMHz, readCaches, readFrequency, readNuma, readSmt } from '../src/cpu-topology.ts';
import { parseProcStatCpu, stealPercent } from '../src/load-snapshot.ts';
import { distributionFrom, parseOsRelease } from '../src/os-release.ts';
import { parseCpuList, parseSysfsSize } from '../src/sysfs.ts';
import { detectContainer, hypervisorFlag } from '../src/virtualization.ts';

/** A fake sysfs tree: { 'cpu0/cache/index0/level': '1\n', … } under a temporary root. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mb-sysfs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('kernel lists and sizes', () => {
  it('expands CPU lists and rejects what is not one', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('0,64')).toEqual([0, 64]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('3-1')).toBeNull();
    expect(parseCpuList('0-x')).toBeNull();
  });

  it('reads sysfs sizes in bytes (K = 1024)', () => {
    expect(parseSysfsSize('48K')).toBe(49152);
    expect(parseSysfsSize('266240K\n')).toBe(266240 * 1024);
    expect(parseSysfsSize('1M')).toBe(1048576);
    expect(parseSysfsSize('64')).toBe(64);
    expect(parseSysfsSize('big')).toBeNull();
  });
});

describe('sysfs topology', () => {
  // cpu0 of a 2-socket, SMT-2 Xeon (Sapphire Rapids): L1d 48K, L1i 32K, L2 2048K, L3 105M
  const xeon = tree({
    'cpu/online': '0-3\n',
    'cpu/cpu0/cache/index0/level': '1\n', 'cpu/cpu0/cache/index0/type': 'Data\n', 'cpu/cpu0/cache/index0/size': '48K\n',
    'cpu/cpu0/cache/index1/level': '1\n', 'cpu/cpu0/cache/index1/type': 'Instruction\n', 'cpu/cpu0/cache/index1/size': '32K\n',
    'cpu/cpu0/cache/index2/level': '2\n', 'cpu/cpu0/cache/index2/type': 'Unified\n', 'cpu/cpu0/cache/index2/size': '2048K\n',
    'cpu/cpu0/cache/index3/level': '3\n', 'cpu/cpu0/cache/index3/type': 'Unified\n', 'cpu/cpu0/cache/index3/size': '107520K\n',
    'cpu/cpu0/topology/thread_siblings_list': '0,2\n',
    'cpu/smt/active': '1\n',
    'cpu/cpu0/cpufreq/scaling_cur_freq': '2000000\n', 'cpu/cpu0/cpufreq/cpuinfo_max_freq': '3800000\n',
    'cpu/cpu1/cpufreq/scaling_cur_freq': '3799512\n', 'cpu/cpu1/cpufreq/cpuinfo_max_freq': '3800000\n',
    'cpu/cpu2/cpufreq/scaling_cur_freq': '800000\n', 'cpu/cpu2/cpufreq/cpuinfo_max_freq': '3800000\n',
    'cpu/cpu3/cpufreq/scaling_cur_freq': '1200000\n', 'cpu/cpu3/cpufreq/cpuinfo_max_freq': '3800000\n',
    'node/node0/cpulist': '0-1\n', 'node/node1/cpulist': '2-3\n', 'node/possible': '0-1\n',
  });

  it('lists cpu0 caches in index order with their size in bytes', () => {
    expect(readCaches(join(xeon, 'cpu'))).toEqual([
      { level: 1, type: 'Data', sizeBytes: 49152 },
      { level: 1, type: 'Instruction', sizeBytes: 32768 },
      { level: 2, type: 'Unified', sizeBytes: 2097152 },
      { level: 3, type: 'Unified', sizeBytes: 110100480 },
    ]);
  });

  it('reads SMT from thread siblings and smt/active, and NUMA nodes with their CPUs', () => {
    expect(readSmt(join(xeon, 'cpu'))).toEqual({ threadsPerCore: 2, active: true });
    expect(readNuma(join(xeon, 'node'))).toEqual([{ id: 0, cpus: [0, 1] }, { id: 1, cpus: [2, 3] }]);
  });

  it('reads every online CPU cpufreq in MHz (kHz / 1000) and the highest maximum', () => {
    expect(readFrequency('', join(xeon, 'cpu'))).toEqual({ currentMHz: [2000, 3799.512, 800, 1200], maxMHz: 3800, source: 'cpufreq' });
  });

  it('falls back to /proc/cpuinfo `cpu MHz` without cpufreq, and says null for what is not exposed', () => {
    const vm = tree({ 'cpu/online': '0-1\n', 'cpu/cpu0/topology/thread_siblings_list': '0\n' });
    const cpuinfo = 'processor\t: 0\ncpu MHz\t\t: 2300.000\n\nprocessor\t: 1\ncpu MHz\t\t: 2299.998\n';
    expect(parseCpuinfoMHz(cpuinfo)).toEqual([2300, 2299.998]);
    expect(readFrequency(cpuinfo, join(vm, 'cpu'))).toEqual({ currentMHz: [2300, 2299.998], maxMHz: null, source: 'cpuinfo' });
    expect(readFrequency('', join(vm, 'cpu'))).toEqual({ currentMHz: null, maxMHz: null, source: null });
    expect(readSmt(join(vm, 'cpu'))).toEqual({ threadsPerCore: 1, active: null });
    expect(readCaches(join(vm, 'cpu'))).toBeNull();
    expect(readNuma(join(vm, 'node'))).toBeNull();
  });
});

describe('/etc/os-release', () => {
  it('reads quoted and unquoted values, ignoring comments', () => {
    const ubuntu = '# comment\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n';
    expect(parseOsRelease(ubuntu)).toMatchObject({ ID: 'ubuntu', VERSION_ID: '24.04', ID_LIKE: 'debian' });
    expect(distributionFrom(ubuntu)).toEqual({ id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.1 LTS' });
    expect(parseOsRelease("NAME='Alpine Linux'\nVERSION=\"a \\\"quoted\\\" word\"\n")).toEqual({ NAME: 'Alpine Linux', VERSION: 'a "quoted" word' });
    // Debian sid lists no VERSION_ID
    expect(distributionFrom('PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n')).toEqual({ id: 'debian', versionId: null, prettyName: 'Debian GNU/Linux trixie/sid' });
    expect(distributionFrom(null)).toBeNull();
  });
});

describe('container and VM detection', () => {
  const none = { dockerenv: false, containerenv: false, cgroup: '0::/\n', kubernetesServiceHost: undefined };

  it('finds docker by /.dockerenv or its cgroup v1 path, podman by /run/.containerenv, and nothing on a host', () => {
    expect(detectContainer({ ...none, dockerenv: true })).toEqual({ container: 'docker', evidence: ['/.dockerenv exists'] });
    const v1 = '12:memory:/docker/3f2a6c0c9b1e5d8a7f4e\n11:cpu,cpuacct:/docker/3f2a6c0c9b1e5d8a7f4e\n';
    expect(detectContainer({ ...none, cgroup: v1 }).container).toBe('docker');
    expect(detectContainer({ ...none, containerenv: true }).container).toBe('podman');
    expect(detectContainer(none)).toEqual({ container: null, evidence: [] });
  });

  it('names kubernetes over the runtime under it', () => {
    const pod = '0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-ab12.scope\n';
    const k = detectContainer({ ...none, cgroup: pod, kubernetesServiceHost: '10.0.0.1' });
    expect(k.container).toBe('kubernetes');
    expect(k.evidence).toContain('KUBERNETES_SERVICE_HOST is set');
  });

  it('reads the hypervisor flag on x86 only', () => {
    expect(hypervisorFlag(['avx2', 'hypervisor'], 'x64')).toBe(true);
    expect(hypervisorFlag(['avx2'], 'x64')).toBe(false);
    expect(hypervisorFlag(['fp', 'asimd'], 'arm64')).toBeNull();
  });
});

describe('/proc/stat steal', () => {
  it('sums the first eight columns as the total and takes the eighth as steal', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const stat = 'cpu  14538 0 3660 97141 380 0 63 15 0 0\ncpu0 7000 0 1800 48000 190 0 30 8 0 0\n';
    expect(parseProcStatCpu(stat)).toEqual({ stealTicks: 15, totalTicks: 14538 + 3660 + 97141 + 380 + 63 + 15, idleTicks: 97141 + 380 });
    // kernels before 2.6.11 list no steal column
    expect(parseProcStatCpu('cpu  1 2 3 4 5 6 7\n')).toEqual({ stealTicks: null, totalTicks: 28, idleTicks: 4 + 5 });
    expect(parseProcStatCpu('intr 1 2\n')).toBeNull();
  });

  it('gives the steal between two snapshots as a percent of the ticks between them', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const before = { at, loadAverage: [1, 1, 1], stealTicks: 100, totalTicks: 10_000 };
    const after = { at, loadAverage: [2, 1, 1], stealTicks: 130, totalTicks: 10_600 };
    expect(stealPercent(before, after)).toBeCloseTo(5, 12); // 30 of 600 ticks
    expect(stealPercent(null, after)).toBeNull();
    expect(stealPercent(before, { ...after, stealTicks: null })).toBeNull();
  });
});
