/**
 * Container and VM detection from what Linux exposes: /.dockerenv, /run/.containerenv (podman), /proc/1/cgroup
 * paths, KUBERNETES_SERVICE_HOST, the CPU's `hypervisor` flag and DMI vendor/product. Only what was seen is reported.
 */
import type { Virtualization } from './environment-schema.ts';
import { exists, readTrimmed, readText } from './sysfs.ts';

export interface ContainerSigns {
  dockerenv: boolean;
  containerenv: boolean;
  /** text of /proc/1/cgroup, null when unreadable */
  cgroup: string | null;
  kubernetesServiceHost: string | undefined;
}

const CGROUP_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/kubepods/, 'kubernetes'],
  [/\/docker[/-]/, 'docker'],
  [/libpod/, 'podman'],
  [/\/containerd[/-]|cri-containerd/, 'containerd'],
  [/\/lxc[/.]/, 'lxc'],
];

/** Which container the signs point to (the most specific one: kubernetes over its runtime) and the evidence. */
export function detectContainer(s: ContainerSigns): { container: string | null; evidence: string[] } {
  const evidence: string[] = [];
  const kinds: string[] = [];
  if (s.kubernetesServiceHost) {
    evidence.push('KUBERNETES_SERVICE_HOST is set');
    kinds.push('kubernetes');
  }
  if (s.cgroup !== null) {
    for (const [pattern, kind] of CGROUP_PATTERNS) {
      const line = s.cgroup.split('\n').find((l) => pattern.test(l));
      if (line) {
        evidence.push(`/proc/1/cgroup: ${line.trim()}`);
        kinds.push(kind);
      }
    }
  }
  if (s.containerenv) {
    evidence.push('/run/.containerenv exists');
    kinds.push('podman');
  }
  if (s.dockerenv) {
    evidence.push('/.dockerenv exists');
    kinds.push('docker');
  }
  return { container: kinds[0] ?? null, evidence };
}

/** The `hypervisor` flag: true/false where the kernel lists x86 flags, null where it lists none of that kind. */
export function hypervisorFlag(flags: readonly string[], arch: string): boolean | null {
  if (arch !== 'x64' && arch !== 'ia32') return null;
  if (flags.length === 0) return null;
  return flags.includes('hypervisor');
}

export function readVirtualization(flags: readonly string[], arch: string): Virtualization {
  const c = detectContainer({
    dockerenv: exists('/.dockerenv'),
    containerenv: exists('/run/.containerenv'),
    cgroup: readText('/proc/1/cgroup'),
    kubernetesServiceHost: process.env.KUBERNETES_SERVICE_HOST,
  });
  return {
    container: c.container,
    containerEvidence: c.evidence,
    hypervisorFlag: hypervisorFlag(flags, arch),
    dmiVendor: readTrimmed('/sys/class/dmi/id/sys_vendor') || null,
    dmiProduct: readTrimmed('/sys/class/dmi/id/product_name') || null,
  };
}
