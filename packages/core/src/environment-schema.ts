/**
 * The schema, and through `Static<>` the type, of the environment a result was measured in: the machine (CPU, caches,
 * SMT, NUMA, frequency), the operating system, container/VM detection, the software (modelbench, git, onnxruntime,
 * command line) and the machine's load before and after the run. Whatever the OS does not expose is null.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Closed, Doc, Nullable, NullableInteger, NullableNumber, NullableString } from './schema-helpers.ts';

export const CacheLevelSchema = Closed({
  level: Type.Integer({ minimum: 1 }),
  type: Doc(Type.String(), 'Data | Instruction | Unified, as sysfs names it'),
  sizeBytes: Type.Integer({ minimum: 0 }),
});

export const NumaNodeSchema = Closed({ id: Type.Integer({ minimum: 0 }), cpus: Type.Array(Type.Integer({ minimum: 0 })) });

export const CpuInfoSchema = Closed({
  model: Type.String(),
  arch: Type.String(),
  logicalCores: Type.Integer({ minimum: 1 }),
  physicalCores: Type.Integer({ minimum: 1 }),
  flags: Doc(Type.Array(Type.String()), 'feature flags as the kernel lists them (x86 `flags`, arm64 `Features`), sorted'),
  frequency: Closed({
    currentMHz: Doc(Nullable(Type.Array(Type.Number())), 'current frequency of each online logical CPU, MHz, in CPU order'),
    maxMHz: NullableNumber,
    source: Doc(Nullable(Type.Union([Type.Literal('cpufreq'), Type.Literal('cpuinfo')])), 'where currentMHz came from: cpufreq sysfs, or the `cpu MHz` lines of /proc/cpuinfo (x86 VMs without cpufreq)'),
  }),
  caches: Doc(Nullable(Type.Array(CacheLevelSchema)), 'the caches of cpu0 (sysfs cache/index*)'),
  smt: Closed({
    threadsPerCore: Doc(NullableInteger, 'logical CPUs sharing the core of cpu0 (topology/thread_siblings_list)'),
    active: Doc(Nullable(Type.Boolean()), '/sys/devices/system/cpu/smt/active'),
  }),
  numa: Doc(Nullable(Type.Array(NumaNodeSchema)), 'NUMA nodes with their CPUs; null where /sys/devices/system/node is absent'),
});

export const OsInfoSchema = Closed({
  platform: Type.String(),
  release: Doc(Type.String(), 'kernel release (os.release())'),
  type: Type.String(),
  kernelVersion: Doc(NullableString, 'kernel build string (os.version())'),
  distribution: Doc(Nullable(Closed({ id: NullableString, versionId: NullableString, prettyName: NullableString })), 'from /etc/os-release'),
});

export const VirtualizationSchema = Closed({
  container: Doc(NullableString, 'docker | podman | kubernetes | containerd | lxc; null when no sign of a container was found'),
  containerEvidence: Doc(Type.Array(Type.String()), 'what the container detection saw (/.dockerenv, /proc/1/cgroup, …)'),
  hypervisorFlag: Doc(Nullable(Type.Boolean()), 'the `hypervisor` CPU flag (x86); null where the kernel lists no such flag set (arm64)'),
  dmiVendor: Doc(NullableString, 'DMI sys_vendor / product_name where readable'),
  dmiProduct: NullableString,
});

export const GitInfoSchema = Closed({ commit: Type.String({ pattern: '^[0-9a-f]{40,64}$' }), dirty: Type.Boolean() });

export const SoftwareSchema = Closed({
  modelbenchVersion: NullableString,
  git: Doc(Nullable(GitInfoSchema), 'null when not run from a git checkout (or git is not installed)'),
  onnxruntime: Closed({
    nodeVersion: Doc(NullableString, 'versions of the installed onnxruntime-node / onnxruntime-common packages'),
    commonVersion: NullableString,
    env: Doc(Nullable(Type.Record(Type.String(), Type.Unknown())), 'what a loaded onnxruntime-node says about itself: env.versions, env.logLevel, the executionProviders of its build'),
  }),
  argv: Doc(Type.Array(Type.String()), 'the command line (process.argv)'),
});

export const LoadSnapshotSchema = Closed({
  at: Type.String({ format: 'date-time' }),
  loadAverage: Doc(Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }), '1, 5 and 15 minute load averages (os.loadavg(); zeros on Windows)'),
  stealTicks: Doc(NullableInteger, 'cumulative ticks of the aggregate `cpu` line of /proc/stat: steal and the sum of all states'),
  totalTicks: NullableInteger,
});

export const LoadSchema = Closed({
  before: Nullable(LoadSnapshotSchema),
  after: Nullable(LoadSnapshotSchema),
  stealPercent: Doc(NullableNumber, 'CPU steal time between the two snapshots, percent of all CPU time'),
});

export const EnvironmentSchema = Closed({
  cpu: CpuInfoSchema,
  os: OsInfoSchema,
  node: Type.String(),
  totalMemoryBytes: Type.Integer(),
  hostname: Type.String(),
  virtualization: VirtualizationSchema,
  software: SoftwareSchema,
  load: LoadSchema,
});

export type CacheLevel = Static<typeof CacheLevelSchema>;
export type NumaNode = Static<typeof NumaNodeSchema>;
export type CpuInfo = Static<typeof CpuInfoSchema>;
export type OsInfo = Static<typeof OsInfoSchema>;
export type Virtualization = Static<typeof VirtualizationSchema>;
export type GitInfo = Static<typeof GitInfoSchema>;
export type Software = Static<typeof SoftwareSchema>;
export type LoadSnapshot = Static<typeof LoadSnapshotSchema>;
export type Load = Static<typeof LoadSchema>;
export type Environment = Static<typeof EnvironmentSchema>;
