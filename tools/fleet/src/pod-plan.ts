/**
 * What one pod runs: its class's cells, each as the workload and the arguments after `performance`. The fleet tool
 * writes it into the class's ConfigMap (`plan.json`); the pod entry reads it. Plain data, so the pod side needs
 * nothing but Node and the workloads.
 */
export const PLAN_VERSION = 1;
export const PLAN_MOUNT_DIR = '/etc/modelbench-fleet';
export const PLAN_FILE = 'plan.json';
/** When set, the pod entry also copies each record file the workloads wrote into this folder (tests check the
 * collected bytes against them). */
export const KEEP_DIR_ENV = 'MODELBENCH_FLEET_KEEP_DIR';

export interface PodCell {
  /** the record's file name without .json, and the id between the markers */
  id: string;
  workload: string;
  /** arguments after `packages/<workload>/src/main.ts`, without --json/--quiet (the pod entry adds them) */
  args: string[];
}

export interface PodPlan {
  version: typeof PLAN_VERSION;
  fleet: string;
  machineClass: string;
  cellTimeoutSeconds: number;
  cells: PodCell[];
}

/** Problems with a plan read from a file: the pod says which instead of failing on a missing field later. */
export function podPlanProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return ['the plan is not a JSON object'];
  const p = value as Partial<PodPlan>;
  const problems: string[] = [];
  if (p.version !== PLAN_VERSION) problems.push(`plan version ${JSON.stringify(p.version)}, this image reads ${PLAN_VERSION}`);
  if (typeof p.cellTimeoutSeconds !== 'number' || p.cellTimeoutSeconds <= 0) problems.push('cellTimeoutSeconds is not a positive number');
  if (!Array.isArray(p.cells)) problems.push('cells is not a list');
  else {
    p.cells.forEach((c, i) => {
      if (!c || typeof c.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(c.id)) problems.push(`cells[${i}].id is not a file-name-safe id`);
      if (!c || typeof c.workload !== 'string' || !/^[a-z0-9_-]+$/.test(c.workload)) problems.push(`cells[${i}].workload is not a workload name`);
      if (!c || !Array.isArray(c.args) || c.args.some((a) => typeof a !== 'string')) problems.push(`cells[${i}].args is not a list of strings`);
    });
  }
  return problems;
}
