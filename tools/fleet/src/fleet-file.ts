/**
 * The fleet file (YAML): which machine classes to run on (node labels), the matrix in `compare:matrix`'s vocabulary
 * (workloads, backends, precisions, scenarios, threads, instances, batch, iterations, warmup), the image, the models
 * cache (emptyDir or PVC) and the pods' resources. A class may override any matrix field and the resources. Every
 * field is checked: an unknown field, a class without a selector or an empty matrix is one line and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { parseDocument } from 'yaml';
import { FieldReader, type Obj } from './fields.ts';
import { FLEET_ARCHES, FLEET_PRECISIONS, FLEET_SCENARIOS, type FleetPrecision, type FleetScenario } from './vocabulary.ts';

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
}

export interface MachineClass {
  name: string;
  selector: ClassSelector;
  matrix: FleetMatrix;
  resources: PodResources;
}

export type ModelsCache = { kind: 'emptyDir'; sizeLimit: string } | { kind: 'pvc'; size: string; storageClassName: string | null };

export interface FleetSpec {
  name: string;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  namespace: string | null;
  cellTimeoutSeconds: number;
  cache: ModelsCache;
  classes: MachineClass[];
}

const TOP_FIELDS = ['name', 'image', 'imagePullPolicy', 'namespace', 'cellTimeoutSeconds', 'cache', 'resources', 'matrix', 'classes'];
const MATRIX_FIELDS = ['workloads', 'backends', 'precisions', 'scenarios', 'threads', 'instances', 'batch', 'iterations', 'warmup'];
const CLASS_FIELDS = ['name', 'selector', 'matrix', 'resources'];
const SELECTOR_FIELDS = ['arch', 'instanceType', 'labels'];
const RESOURCE_FIELDS = ['cpu', 'memory'];
const CACHE_FIELDS = ['type', 'sizeLimit', 'size', 'storageClassName'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

/** Kubernetes object names: DNS-1123 labels, kept short enough for `mb-<fleet>-<class>` plus a suffix. */
const NAME = /^[a-z0-9]([-a-z0-9]{0,22}[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

export const DEFAULTS = {
  workloads: ['resnet50', 'ssd', 'maskrcnn', 'bert'],
  backends: ['ort-cpu'],
  precisions: ['fp32', 'bf16'] as FleetPrecision[],
  memory: '16Gi',
  emptyDirSizeLimit: '4Gi',
  pvcSize: '4Gi',
  cellTimeoutSeconds: 1800,
};

function readMatrix(r: FieldReader, value: unknown, path: string): Partial<FleetMatrix> {
  if (value === undefined || value === null) return {};
  const m = r.object(value, path, MATRIX_FIELDS);
  const out: Partial<FleetMatrix> = {};
  const set = <K extends keyof FleetMatrix>(k: K, v: FleetMatrix[K] | undefined): void => void (v !== undefined && (out[k] = v));
  set('workloads', r.strings(m, 'workloads', path));
  set('backends', r.strings(m, 'backends', path));
  set('precisions', r.strings(m, 'precisions', path, FLEET_PRECISIONS) as FleetPrecision[] | undefined);
  set('scenarios', r.strings(m, 'scenarios', path, FLEET_SCENARIOS) as FleetScenario[] | undefined);
  set('threads', r.positiveInts(m, 'threads', path));
  set('instances', r.positiveInts(m, 'instances', path));
  set('batch', r.positiveInt(m, 'batch', path));
  set('iterations', r.positiveInt(m, 'iterations', path));
  set('warmup', r.nonNegativeInt(m, 'warmup', path));
  return out;
}

function readResources(r: FieldReader, value: unknown, path: string): Partial<PodResources> {
  if (value === undefined || value === null) return {};
  const o = r.object(value, path, RESOURCE_FIELDS);
  const out: Partial<PodResources> = {};
  const cpu = o.cpu;
  if (cpu !== undefined) {
    if (typeof cpu !== 'number' || !Number.isInteger(cpu) || cpu <= 0) {
      r.fail(`${path}.cpu`, `must be a whole number of cores, got ${JSON.stringify(cpu)}`, 'the static CPU manager gives exclusive cores only to whole-core requests: cpu: 8');
    }
    out.cpu = cpu;
  }
  const memory = r.string(o, 'memory', path);
  if (memory !== undefined) {
    if (!QUANTITY.test(memory)) r.fail(`${path}.memory`, `'${memory}' is not a Kubernetes quantity`, 'for example memory: 16Gi');
    out.memory = memory;
  }
  return out;
}

function readSelector(r: FieldReader, value: unknown, path: string): ClassSelector {
  const hint = `give the class a selector: ${path}: { arch: arm64, instanceType: <type> } (or labels: { <label>: <value> })`;
  if (value === undefined || value === null) r.fail(path, 'is missing: the class would run on any node', hint);
  const o = r.object(value, path, SELECTOR_FIELDS);
  const arch = r.string(o, 'arch', path) ?? null;
  if (arch !== null && !(FLEET_ARCHES as readonly string[]).includes(arch)) r.fail(`${path}.arch`, `'${arch}' is no architecture the image is built for`, `valid: ${FLEET_ARCHES.join(', ')}`);
  const selector = { arch, instanceType: r.string(o, 'instanceType', path) ?? null, labels: r.stringMap(o, 'labels', path) ?? {} };
  if (selector.arch === null && selector.instanceType === null && Object.keys(selector.labels).length === 0) r.fail(path, 'selects nothing: the class would run on any node', hint);
  return selector;
}

function readCache(r: FieldReader, value: unknown): ModelsCache {
  if (value === undefined || value === null) return { kind: 'emptyDir', sizeLimit: DEFAULTS.emptyDirSizeLimit };
  const o = r.object(value, 'cache', CACHE_FIELDS);
  const type = r.string(o, 'type', 'cache') ?? 'emptyDir';
  const quantity = (key: string, fallback: string): string => {
    const q = r.string(o, key, 'cache') ?? fallback;
    if (!QUANTITY.test(q)) r.fail(`cache.${key}`, `'${q}' is not a Kubernetes quantity`, `for example ${key}: 4Gi`);
    return q;
  };
  if (type === 'emptyDir') {
    if (o.size !== undefined || o.storageClassName !== undefined) r.fail('cache', 'size and storageClassName belong to type: pvc', 'use sizeLimit with emptyDir, or type: pvc');
    return { kind: 'emptyDir', sizeLimit: quantity('sizeLimit', DEFAULTS.emptyDirSizeLimit) };
  }
  if (type === 'pvc') {
    if (o.sizeLimit !== undefined) r.fail('cache.sizeLimit', 'belongs to type: emptyDir', 'use size with type: pvc');
    return { kind: 'pvc', size: quantity('size', DEFAULTS.pvcSize), storageClassName: r.string(o, 'storageClassName', 'cache') ?? null };
  }
  return r.fail('cache.type', `unknown cache type '${type}'`, 'valid: emptyDir (models generated again per run), pvc (kept between runs, one claim per class)');
}

function name(r: FieldReader, obj: Obj, path: string, example: string): string {
  const n = r.requiredString(obj, 'name', path, example);
  if (!NAME.test(n)) r.fail(path ? `${path}.name` : 'name', `'${n}' is not a valid name`, 'use 1–24 lower-case letters, digits and dashes (it names Kubernetes objects)');
  return n;
}

export function parseFleet(text: string, file: string): FleetSpec {
  const r: FieldReader = new FieldReader(file);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new BenchError('BAD_INPUT', `${file}: not valid YAML: ${e.message.split('\n')[0]}`, { hint: 'fix the YAML syntax (see deploy/kubernetes/fleet.example.yaml)' });
  }
  const top = r.object(doc.toJS(), '', TOP_FIELDS);
  const fleetName = name(r, top, '', 'n2-vs-x86');
  const image = r.requiredString(top, 'image', '', 'registry.example.com/modelbench:0.1.0');
  const pull = r.string(top, 'imagePullPolicy', '') ?? 'IfNotPresent';
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) r.fail('imagePullPolicy', `unknown policy '${pull}'`, `valid: ${PULL_POLICIES.join(', ')}`);
  const baseMatrix = readMatrix(r, top.matrix, 'matrix');
  const baseResources = readResources(r, top.resources, 'resources');
  const classesValue = top.classes;
  if (!Array.isArray(classesValue) || classesValue.length === 0) {
    r.fail('classes', classesValue === undefined ? 'is missing' : 'must be a non-empty list of machine classes', 'add classes: [{ name: n2, selector: { arch: arm64, instanceType: <type> } }]');
  }
  const seen = new Set<string>();
  const classes = classesValue.map((c, i): MachineClass => {
    const path = `classes[${i}]`;
    const o = r.object(c, path, CLASS_FIELDS);
    const className = name(r, o, path, 'yitian710');
    if (seen.has(className)) r.fail(`${path}.name`, `'${className}' names two classes`, 'give every class its own name');
    seen.add(className);
    const m = { ...baseMatrix, ...readMatrix(r, o.matrix, `${path}.matrix`) };
    const matrix: FleetMatrix = {
      workloads: m.workloads ?? DEFAULTS.workloads,
      backends: m.backends ?? DEFAULTS.backends,
      precisions: m.precisions ?? DEFAULTS.precisions,
      scenarios: m.scenarios ?? null,
      threads: m.threads ?? r.fail(`${path}.matrix.threads`, 'is missing: a pod cannot guess the cores of a node it has not seen', 'set matrix.threads (or the class\'s matrix.threads), e.g. threads: [8]'),
      instances: m.instances ?? null,
      batch: m.batch ?? null,
      iterations: m.iterations ?? null,
      warmup: m.warmup ?? null,
    };
    const res = { ...baseResources, ...readResources(r, o.resources, `${path}.resources`) };
    return { name: className, selector: readSelector(r, o.selector, `${path}.selector`), matrix, resources: { cpu: res.cpu ?? null, memory: res.memory ?? DEFAULTS.memory } };
  });
  const timeout = r.positiveInt(top, 'cellTimeoutSeconds', '') ?? DEFAULTS.cellTimeoutSeconds;
  return {
    name: fleetName,
    image,
    imagePullPolicy: pull as FleetSpec['imagePullPolicy'],
    namespace: r.string(top, 'namespace', '') ?? null,
    cellTimeoutSeconds: timeout,
    cache: readCache(r, top.cache),
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
