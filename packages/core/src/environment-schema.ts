/**
 * The schema, and through `Static<>` the type, of the environment a result was measured in: the machine (CPU, caches,
 * SMT, NUMA, frequency), the operating system, container/VM detection, the software (modelbench, git, onnxruntime,
 * command line) and the machine's load before and after the run. Whatever the OS does not expose is null.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Closed, Nullable, NullableInteger, NullableNumber, NullableString } from './schema-helpers.ts';

export const CacheLevelSchema = Closed({
  level: Type.Integer({ minimum: 1 }),
  /** 'Data' | 'Instruction' | 'Unified', as sysfs names it */
  type: Type.String(),
  sizeBytes: Type.Integer({ minimum: 0 }),
});

export const NumaNodeSchema = Closed({ id: Type.Integer({ minimum: 0 }), cpus: Type.Array(Type.Integer({ minimum: 0 })) });

export const CpuInfoSchema = Closed({
  model: Type.String(),
  arch: Type.String(),
  logicalCores: Type.Integer({ minimum: 1 }),
  physicalCores: Type.Integer({ minimum: 1 }),
  /** feature flags as the kernel lists them (x86 `flags`, arm64 `Features`), sorted */
  flags: Type.Array(Type.String()),
  frequency: Closed({
    /** current frequency of each online logical CPU, MHz, in CPU order */
    currentMHz: Nullable(Type.Array(Type.Number())),
    maxMHz: NullableNumber,
    /** where currentMHz came from: cpufreq sysfs, or the `cpu MHz` lines of /proc/cpuinfo (x86 VMs without cpufreq) */
    source: Nullable(Type.Union([Type.Literal('cpufreq'), Type.Literal('cpuinfo')])),
  }),
  /** cpu0's caches (sysfs cache/index*) */
  caches: Nullable(Type.Array(CacheLevelSchema)),
  smt: Closed({
    /** logical CPUs sharing cpu0's core (topology/thread_siblings_list) */
    threadsPerCore: NullableInteger,
    /** /sys/devices/system/cpu/smt/active */
    active: Nullable(Type.Boolean()),
  }),
  /** NUMA nodes with their CPUs; null where /sys/devices/system/node is absent */
  numa: Nullable(Type.Array(NumaNodeSchema)),
});

export const OsInfoSchema = Closed({
  platform: Type.String(),
  /** kernel release (os.release()) */
  release: Type.String(),
  type: Type.String(),
  /** kernel build string (os.version()) */
  kernelVersion: NullableString,
  /** from /etc/os-release */
  distribution: Nullable(Closed({ id: NullableString, versionId: NullableString, prettyName: NullableString })),
});

export const VirtualizationSchema = Closed({
  /** 'docker' | 'podman' | 'kubernetes' | 'containerd' | 'lxc' | … ; null when no sign of a container was found */
  container: NullableString,
  /** what the container detection saw (/.dockerenv, /proc/1/cgroup, …) */
  containerEvidence: Type.Array(Type.String()),
  /** the CPU's `hypervisor` flag (x86); null where the kernel lists no such flag set (arm64) */
  hypervisorFlag: Nullable(Type.Boolean()),
  /** DMI sys_vendor / product_name where readable */
  dmiVendor: NullableString,
  dmiProduct: NullableString,
});

export const GitInfoSchema = Closed({ commit: Type.String({ pattern: '^[0-9a-f]{40,64}$' }), dirty: Type.Boolean() });

export const SoftwareSchema = Closed({
  modelbenchVersion: NullableString,
  /** null when not run from a git checkout (or git is not installed) */
  git: Nullable(GitInfoSchema),
  onnxruntime: Closed({
    /** versions of the installed onnxruntime-node / onnxruntime-common packages */
    nodeVersion: NullableString,
    commonVersion: NullableString,
    /** what a loaded onnxruntime-node says about itself: env.versions, env.logLevel, its build's executionProviders */
    env: Nullable(Type.Record(Type.String(), Type.Unknown())),
  }),
  /** the command line (process.argv) */
  argv: Type.Array(Type.String()),
});

export const LoadSnapshotSchema = Closed({
  at: Type.String({ format: 'date-time' }),
  /** 1, 5 and 15 minute load averages (os.loadavg(); zeros on Windows) */
  loadAverage: Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }),
  /** cumulative ticks of the aggregate `cpu` line of /proc/stat: steal and the sum of all states */
  stealTicks: NullableInteger,
  totalTicks: NullableInteger,
});

export const LoadSchema = Closed({
  before: Nullable(LoadSnapshotSchema),
  after: Nullable(LoadSnapshotSchema),
  /** CPU steal time between the two snapshots, percent of all CPU time */
  stealPercent: NullableNumber,
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
