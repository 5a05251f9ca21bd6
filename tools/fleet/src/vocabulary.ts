/**
 * The names a fleet file may use, the matrix's vocabulary (`compare:matrix`): precisions, and the load scenarios the
 * workloads' scenario runner knows (MLPerf's four). Workloads and backends are checked where they exist (the image);
 * a name the image does not know fails that cell with the workload's own message.
 */
import { SCENARIOS, type ScenarioName } from '@modelbench/compare';

export const FLEET_PRECISIONS = ['fp32', 'bf16'] as const;
export type FleetPrecision = (typeof FLEET_PRECISIONS)[number];

/** the matrix's scenarios (compare re-exports loadgen's list), so the three never drift apart */
export const FLEET_SCENARIOS = SCENARIOS;
export type FleetScenario = ScenarioName;

/** The well-known node labels a machine class selects on (kubernetes.io/docs/reference/labels-annotations-taints). */
export const ARCH_LABEL = 'kubernetes.io/arch';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Architectures the image is built for (docker/Dockerfile is multi-arch: linux/amd64, linux/arm64). */
export const FLEET_ARCHES = ['amd64', 'arm64'] as const;
