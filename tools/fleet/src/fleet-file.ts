/**
 * The fleet file (YAML): which machine classes to run on (node labels), the matrix in `compare:matrix`'s vocabulary
 * (workloads, backends, precisions, scenarios, threads, instances, batch, iterations, warmup), the image and how to
 * pull it, the models cache (emptyDir or PVC), the pods' resources and placement (tolerations, nodeSelector,
 * priorityClassName) and what a node can give (allocatableCpu). A class may override any matrix field, the resources
 * and the placement. The shape is checked by a TypeBox schema (fleet-schema.ts); what one field cannot say alone is
 * checked here. A bad file is one line and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { parseDocument } from 'yaml';
import { checkFleetShape } from './fleet-check.ts';
import type { ClassValue, FleetFileValue, MatrixValue, TolerationValue } from './fleet-schema.ts';
import type { FleetPrecision, FleetScenario } from './vocabulary.ts';

export interface FleetMatrix {
  workloads: string[];
  backends: string[];
  precisions: FleetPrecision[];
  /** null: no scenario flag (the workload's plain performance run) */
  scenarios: FleetScenario[] | null;
  threads: number[];
  /** null: no instances flag */
  instances: number[] | null;
  batch: number | null;
  iterations: number | null;
  warmup: number | null;
}

export interface ClassSelector {
  arch: string | null;
  instanceType: string | null;
  labels: Record<string, string>;
}

export interface PodResources {
  /** whole cores: requests = limits, so the pod is Guaranteed and the static CPU manager pins it */
  cpu: number | null;
  memory: string;
  /** ephemeral-storage request and limit; null: the emptyDirs' size limits added up */
  ephemeralStorage: string | null;
}

export type Toleration = TolerationValue;

export interface Placement {
  tolerations: Toleration[];
  /** node labels beside the selector's (same effect: both go into the pod's nodeSelector) */
  nodeSelector: Record<string, string>;
  priorityClassName: string | null;
}

export interface MachineClass {
  name: string;
  selector: ClassSelector;
  matrix: FleetMatrix;
  resources: PodResources;
  /** the cores a node of this class can give a pod (allocatable minus DaemonSets); null: not stated */
  allocatableCpu: number | null;
  placement: Placement;
}

export type ModelsCache = { kind: 'emptyDir'; sizeLimit: string } | { kind: 'pvc'; size: string; storageClassName: string | null };

export interface FleetSpec {
  name: string;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets: string[];
  namespace: string | null;
  cellTimeoutSeconds: number;
  cache: ModelsCache;
  classes: MachineClass[];
}

export const DEFAULTS = {
  workloads: ['resnet50', 'ssd', 'maskrcnn', 'bert'],
  backends: ['ort-cpu'],
  precisions: ['fp32', 'bf16'] as FleetPrecision[],
  memory: '16Gi',
  emptyDirSizeLimit: '4Gi',
  pvcSize: '4Gi',
  cellTimeoutSeconds: 1800,
};

const fail = (file: string, path: string, problem: string, hint: string): never => {
  throw new BenchError('BAD_INPUT', `${file}: ${path}: ${problem}`, { hint });
};

function selectorOf(file: string, c: ClassValue, path: string): ClassSelector {
  const hint = `give the class a selector: ${path}: { arch: arm64, instanceType: <type> } (or labels: { <label>: <value> })`;
  if (!c.selector) return fail(file, path, 'is missing: the class would run on any node', hint);
  const s = { arch: c.selector.arch ?? null, instanceType: c.selector.instanceType ?? null, labels: c.selector.labels ?? {} };
  if (s.arch === null && s.instanceType === null && Object.keys(s.labels).length === 0 && Object.keys(c.nodeSelector ?? {}).length === 0) {
    fail(file, path, 'selects nothing: the class would run on any node', hint);
  }
  return s;
}

function cacheOf(file: string, v: FleetFileValue['cache']): ModelsCache {
  if (!v) return { kind: 'emptyDir', sizeLimit: DEFAULTS.emptyDirSizeLimit };
  if ((v.type ?? 'emptyDir') === 'emptyDir') {
    if (v.size !== undefined || v.storageClassName !== undefined) fail(file, 'cache', 'size and storageClassName belong to type: pvc', 'use sizeLimit with emptyDir, or type: pvc');
    return { kind: 'emptyDir', sizeLimit: v.sizeLimit ?? DEFAULTS.emptyDirSizeLimit };
  }
  if (v.sizeLimit !== undefined) fail(file, 'cache.sizeLimit', 'belongs to type: emptyDir', 'use size with type: pvc');
  return { kind: 'pvc', size: v.size ?? DEFAULTS.pvcSize, storageClassName: v.storageClassName ?? null };
}

function matrixOf(file: string, base: MatrixValue, own: MatrixValue, path: string): FleetMatrix {
  const m = { ...base, ...own };
  return {
    workloads: m.workloads ?? DEFAULTS.workloads,
    backends: m.backends ?? DEFAULTS.backends,
    precisions: (m.precisions ?? DEFAULTS.precisions) as FleetPrecision[],
    scenarios: (m.scenarios ?? null) as FleetScenario[] | null,
    threads: m.threads ?? fail(file, `${path}.matrix.threads`, 'is missing: a pod cannot guess the cores of a node it has not seen', "set matrix.threads (or the class's matrix.threads) below the cores a node can give, e.g. threads: [4]"),
    instances: m.instances ?? null,
    batch: m.batch ?? null,
    iterations: m.iterations ?? null,
    warmup: m.warmup ?? null,
  };
}

function placementOf(file: string, top: FleetFileValue, c: ClassValue, selector: ClassSelector, path: string): Placement {
  const nodeSelector = c.nodeSelector ?? top.nodeSelector ?? {};
  for (const key of Object.keys(nodeSelector)) {
    if (key in selector.labels) fail(file, `${path}.nodeSelector`, `'${key}' is also in selector.labels`, 'name each node label once (selector.labels or nodeSelector)');
  }
  return { tolerations: c.tolerations ?? top.tolerations ?? [], nodeSelector, priorityClassName: c.priorityClassName ?? top.priorityClassName ?? null };
}

export function parseFleet(text: string, file: string): FleetSpec {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new BenchError('BAD_INPUT', `${file}: not valid YAML: ${e.message.split('\n')[0]}`, { hint: 'fix the YAML syntax (see deploy/kubernetes/fleet.example.yaml)' });
  }
  const top = checkFleetShape(doc.toJS(), file);
  const seen = new Set<string>();
  const classes = top.classes.map((c, i): MachineClass => {
    const path = `classes[${i}]`;
    if (seen.has(c.name)) fail(file, `${path}.name`, `'${c.name}' names two classes`, 'give every class its own name');
    seen.add(c.name);
    const selector = selectorOf(file, c, `${path}.selector`);
    const res = { ...top.resources, ...c.resources };
    return {
      name: c.name,
      selector,
      matrix: matrixOf(file, top.matrix ?? {}, c.matrix ?? {}, path),
      resources: { cpu: res.cpu ?? null, memory: res.memory ?? DEFAULTS.memory, ephemeralStorage: res.ephemeralStorage ?? null },
      allocatableCpu: c.allocatableCpu ?? null,
      placement: placementOf(file, top, c, selector, path),
    };
  });
  return {
    name: top.name,
    image: top.image,
    imagePullPolicy: (top.imagePullPolicy ?? 'IfNotPresent') as FleetSpec['imagePullPolicy'],
    imagePullSecrets: top.imagePullSecrets ?? [],
    namespace: top.namespace ?? null,
    cellTimeoutSeconds: top.cellTimeoutSeconds ?? DEFAULTS.cellTimeoutSeconds,
    cache: cacheOf(file, top.cache),
    classes,
  };
}

export function readFleetFile(path: string): FleetSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('BAD_INPUT', `cannot read the fleet file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'pass the path of a fleet YAML file (see deploy/kubernetes/fleet.example.yaml)',
    });
  }
  return parseFleet(text, path);
}
