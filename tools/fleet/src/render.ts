/**
 * `fleet render`: the manifests as YAML files, one per machine class (its ConfigMap, PVC and Job) and one for the
 * fleet's NetworkPolicy, written atomically into a folder that `kubectl apply -f` takes as it is.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@modelbench/core';
import { stringify } from 'yaml';
import { classCells, type FleetCell } from './cells.ts';
import type { FleetSpec, MachineClass } from './fleet-file.ts';
import { formatDuration } from '@modelbench/compare';
import { classObjects, networkPolicy, type K8sObject } from './manifests.ts';
import { estimateSeconds, jobDeadlineSeconds, podCpus } from './pod-size.ts';

export function toYaml(objects: readonly K8sObject[], header: string): string {
  const docs = objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `# ${header}\n` + docs.map((d) => `---\n${d}`).join('');
}

export function classManifestFile(mc: MachineClass): string {
  return `class-${mc.name}.yaml`;
}

export const NETWORK_POLICY_FILE = 'network-policy.yaml';

export interface RenderedFile {
  path: string;
  objects: K8sObject[];
}

/** Writes the manifests; `cellsOf` picks each class's cells (all of them, or those still to run). */
export function renderFleet(fleet: FleetSpec, outDir: string, cellsOf: (mc: MachineClass) => FleetCell[] = classCells): RenderedFile[] {
  const files: RenderedFile[] = [];
  const header = `modelbench fleet ${fleet.name}: written by \`fleet render\` (tools/fleet); apply with kubectl apply -f`;
  for (const mc of fleet.classes) {
    const cells = cellsOf(mc);
    if (cells.length === 0) continue;
    const objects = classObjects(fleet, mc, cells);
    const path = join(outDir, classManifestFile(mc));
    writeFileAtomic(path, toYaml(objects, `${header} (class ${mc.name}: ${cells.length} cells)`));
    files.push({ path, objects });
  }
  const np = [networkPolicy(fleet)];
  const npPath = join(outDir, NETWORK_POLICY_FILE);
  writeFileAtomic(npPath, toYaml(np, `${header} (no network for the fleet's pods)`));
  files.push({ path: npPath, objects: np });
  return files;
}

const duration = (s: number): string => formatDuration(s * 1000);

/** Per class: its cells, the cores its pod asks for, their estimated time and the Job's deadline (`--dry-run`). */
export function dryRunLines(fleet: FleetSpec): string[] {
  const lines = fleet.classes.map((mc) => {
    const cells = classCells(mc);
    const deadline = jobDeadlineSeconds(fleet, cells);
    return `class ${mc.name}: ${cells.length} cells, ${podCpus(mc)} cores${mc.allocatableCpu !== null ? ` (a node gives ${mc.allocatableCpu})` : ''}, estimated ${duration(estimateSeconds(cells))}, Job deadline ${duration(deadline)} (${deadline} s)`;
  });
  return [...lines, 'estimates: compare\'s per-cell estimate (each workload\'s default run measured on a 2-core machine under load): a server node is usually faster'];
}
