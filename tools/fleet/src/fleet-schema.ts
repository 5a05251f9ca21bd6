/**
 * The fleet file's shape as a TypeBox schema, checked with ajv (as core checks the run record): every object closed
 * (an unknown field fails), names, quantities and enumerations checked. Each schema that can fail carries `invalid`
 * (what a bad value is not) and `hint` (the fix), so ajv's first error becomes one line naming the field, the problem
 * and the fix. What one field cannot say alone (a class without a selector, cache fields of the other type, a
 * nodeSelector key given twice) is checked in fleet-file.ts.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FLEET_ARCHES, FLEET_PRECISIONS, FLEET_SCENARIOS } from './vocabulary.ts';

type Extra = { invalid?: string; hint?: string };
const withHint = <T extends TSchema>(schema: T, extra: Extra): T => ({ ...schema, ...extra });

/** Kubernetes object names: DNS-1123 labels, kept short enough for `mb-<fleet>-<class>` plus a suffix. */
export const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]{0,22}[a-z0-9])?$';
const QUANTITY_PATTERN = '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$';

const Closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P) => Type.Object(properties, { additionalProperties: false });
const Text = (example: string) => withHint(Type.String({ minLength: 1 }), { invalid: 'a non-empty string', hint: `for example ${example}` });
const Name = (example: string) =>
  withHint(Type.String({ pattern: NAME_PATTERN }), { invalid: 'a valid name', hint: `use 1–24 lower-case letters, digits and dashes (it names Kubernetes objects), e.g. ${example}` });
const Quantity = (key: string, example: string) => withHint(Type.String({ pattern: QUANTITY_PATTERN }), { invalid: 'a Kubernetes quantity', hint: `for example ${key}: ${example}` });
const OneOf = (values: readonly string[], what: string) => withHint(Type.String({ enum: [...values] }), { invalid: what, hint: `valid: ${values.join(', ')}` });
const List = <T extends TSchema>(item: T, example: string) =>
  withHint(Type.Array(item, { minItems: 1 }), { invalid: 'a non-empty list', hint: `for example [${example}], or leave the field out for the default` });
const PositiveInt = (example: string) => withHint(Type.Integer({ minimum: 1 }), { invalid: 'a positive whole number', hint: `for example ${example}` });
const StringMap = (example: string) =>
  withHint(Type.Record(Type.String({ minLength: 1 }), withHint(Type.String(), { invalid: 'a label value (text)', hint: 'quote it: "value"' })), { invalid: 'a mapping of label to value', hint: `for example { ${example} }` });

export const MatrixSchema = Closed({
  workloads: Type.Optional(List(Text('resnet50'), 'resnet50, bert')),
  backends: Type.Optional(List(Text('ort-cpu'), 'ort-cpu')),
  precisions: Type.Optional(List(OneOf(FLEET_PRECISIONS, 'a precision'), 'fp32, bf16')),
  scenarios: Type.Optional(List(OneOf(FLEET_SCENARIOS, 'a scenario'), 'single-stream, offline')),
  threads: Type.Optional(List(PositiveInt('threads: [4]'), '4')),
  instances: Type.Optional(List(PositiveInt('instances: [1, 2]'), '1, 2')),
  batch: Type.Optional(PositiveInt('batch: 1')),
  iterations: Type.Optional(PositiveInt('iterations: 20')),
  warmup: Type.Optional(withHint(Type.Integer({ minimum: 0 }), { invalid: 'a whole number ≥ 0', hint: 'for example warmup: 1' })),
});

export const ResourcesSchema = Closed({
  cpu: Type.Optional(withHint(Type.Integer({ minimum: 1 }), { invalid: 'a whole number of cores', hint: 'the static CPU manager gives exclusive cores only to whole-core requests: cpu: 4' })),
  memory: Type.Optional(Quantity('memory', '16Gi')),
  ephemeralStorage: Type.Optional(Quantity('ephemeralStorage', '8Gi')),
});

/** core/v1 Toleration, as the pod spec takes it (benchmark node pools are normally tainted). */
export const TolerationSchema = Closed({
  key: Type.Optional(Text('key: dedicated')),
  operator: Type.Optional(OneOf(['Equal', 'Exists'], 'a toleration operator')),
  value: Type.Optional(Type.String()),
  effect: Type.Optional(OneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'a taint effect')),
  tolerationSeconds: Type.Optional(withHint(Type.Integer(), { invalid: 'a whole number of seconds', hint: 'for example tolerationSeconds: 300' })),
});

const Tolerations = withHint(Type.Array(TolerationSchema), { invalid: 'a list of tolerations', hint: 'for example tolerations: [{ key: dedicated, operator: Equal, value: bench, effect: NoSchedule }]' });

export const SelectorSchema = Closed({
  arch: Type.Optional(OneOf(FLEET_ARCHES, 'an architecture the image is built for')),
  instanceType: Type.Optional(Text('instanceType: ecs.g8y.2xlarge')),
  labels: Type.Optional(StringMap('example.com/pool: bench')),
});

/** Fields a class may set for itself; each replaces the fleet-wide field of the same name. */
const placement = {
  tolerations: Type.Optional(Tolerations),
  nodeSelector: Type.Optional(StringMap('example.com/pool: bench')),
  priorityClassName: Type.Optional(Text('priorityClassName: benchmark')),
};

export const ClassSchema = Closed({
  name: Name('yitian710'),
  selector: Type.Optional(SelectorSchema),
  matrix: Type.Optional(MatrixSchema),
  resources: Type.Optional(ResourcesSchema),
  allocatableCpu: Type.Optional(
    withHint(Type.Number({ exclusiveMinimum: 0 }), { invalid: 'a number of cores', hint: "the cores a node of this class can give a pod: kubectl describe node → Allocatable cpu minus the DaemonSets' requests, e.g. allocatableCpu: 5" }),
  ),
  ...placement,
});

export const CacheSchema = Closed({
  type: Type.Optional(OneOf(['emptyDir', 'pvc'], 'a cache type')),
  sizeLimit: Type.Optional(Quantity('sizeLimit', '4Gi')),
  size: Type.Optional(Quantity('size', '4Gi')),
  storageClassName: Type.Optional(Text('storageClassName: fast')),
});

export const FleetFileSchema = Closed({
  name: Name('n2-vs-x86'),
  image: Text('image: registry.example.com/modelbench:0.1.0'),
  imagePullPolicy: Type.Optional(OneOf(['Always', 'IfNotPresent', 'Never'], 'an image pull policy')),
  imagePullSecrets: Type.Optional(withHint(Type.Array(Type.String({ pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' })), { invalid: 'a list of Secret names', hint: 'for example imagePullSecrets: [registry-credentials]' })),
  namespace: Type.Optional(Text('namespace: benchmarks')),
  cellTimeoutSeconds: Type.Optional(PositiveInt('cellTimeoutSeconds: 1800')),
  cache: Type.Optional(CacheSchema),
  resources: Type.Optional(ResourcesSchema),
  matrix: Type.Optional(MatrixSchema),
  ...placement,
  classes: withHint(Type.Array(ClassSchema, { minItems: 1 }), { invalid: 'a non-empty list of machine classes', hint: 'add classes: [{ name: n2, selector: { arch: arm64, instanceType: <type> } }]' }),
});

export type FleetFileValue = Static<typeof FleetFileSchema>;
export type ClassValue = Static<typeof ClassSchema>;
export type MatrixValue = Static<typeof MatrixSchema>;
export type ResourcesValue = Static<typeof ResourcesSchema>;
export type TolerationValue = Static<typeof TolerationSchema>;
