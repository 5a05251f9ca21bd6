import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseFleet } from '../src/fleet-file.ts';
import { classObjects, networkPolicy, type K8sObject } from '../src/manifests.ts';
import { podPlanProblems, type PodPlan } from '../src/pod-plan.ts';
import { classWarnings, quantityMi } from '../src/pod-size.ts';
import { dryRunLines, renderFleet } from '../src/render.ts';
import { KUBERNETES_VERSION, k8sProblems, VALIDATED_KINDS } from './k8s-validate.ts';

const EXAMPLE = readFileSync(new URL('../../../deploy/kubernetes/fleet.example.yaml', import.meta.url), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'fleet-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function renderedObjects(yamlText: string, dir: string): K8sObject[] {
  const fleet = parseFleet(yamlText, 'fleet.yaml');
  const files = renderFleet(fleet, dir);
  // what kubectl would read: the YAML files, parsed back
  return files.flatMap((f) => parseAllDocuments(readFileSync(f.path, 'utf8')).map((d) => d.toJS() as K8sObject));
}

describe(`rendered manifests against the Kubernetes ${KUBERNETES_VERSION} schemas`, () => {
  const objects = renderedObjects(EXAMPLE, join(tmp, 'example'));
  const pvcObjects = renderedObjects(EXAMPLE.replace(/cache:[\s\S]*?sizeLimit: 4Gi[^\n]*\n/, 'cache: { type: pvc, size: 8Gi, storageClassName: fast }\n'), join(tmp, 'pvc'));

  it('every object of the example fleet (emptyDir and PVC cache) is valid', () => {
    const kinds = [...new Set([...objects, ...pvcObjects].map((o) => `${o.apiVersion}/${o.kind}`))].sort();
    expect(kinds).toEqual([...VALIDATED_KINDS].sort());
    for (const o of [...objects, ...pvcObjects]) expect({ object: `${o.kind}/${o.metadata.name}`, problems: k8sProblems(o) }).toEqual({ object: `${o.kind}/${o.metadata.name}`, problems: [] });
  });

  it('the validator is not vacuous: a misspelled field, a number for a quantity, a missing container name fail', () => {
    const job = structuredClone(objects.find((o) => o.kind === 'Job')!) as Anything;
    job.spec.template.spec.nodeSelectr = {};
    job.spec.template.spec.containers[0].resources.limits.cpu = 8;
    delete job.spec.template.spec.containers[0].name;
    expect(k8sProblems(job).sort()).toEqual([
      "/spec/template/spec must NOT have additional properties 'nodeSelectr'",
      "/spec/template/spec/containers/0 must have required property 'name'",
      '/spec/template/spec/containers/0/resources/limits/cpu must be string',
    ]);
    expect(k8sProblems({ ...objects[0]!, apiVersion: 'v2' })).toEqual(['no schema for v2/ConfigMap (vendored: batch/v1/Job, v1/ConfigMap, v1/PersistentVolumeClaim, networking.k8s.io/v1/NetworkPolicy)']);
  });
});

describe('what the Job asks of the cluster', () => {
  const fleet = parseFleet(EXAMPLE, 'fleet.yaml');
  const x86 = fleet.classes.find((c) => c.name === 'x86-icelake')!;
  const [configMap, job] = classObjects(fleet, x86) as unknown as [Anything, Anything];
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  it('is placed by the well-known node labels, one benchmark pod per node', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'ecs.g7.2xlarge' });
    const n2 = classObjects(fleet, fleet.classes[1]!)[1] as Anything;
    expect(n2.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'example.com/cpu-model': 'neoverse-n2' });
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'modelbench-fleet' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('modelbench-fleet');
    expect(job.spec).toMatchObject({ parallelism: 1, completions: 1, backoffLimit: 0 });
    // the cells' estimate (compare's cell-estimate.ts, iterations 20, warm-up 2: 22 batches) twice, + 900 s:
    // resnet50 (76 s: 38 set-up + 38/11 per batch) fp32 38 + 76 = 114, bf16 38 + 152 = 190; bert (272 s) fp32 136 + 272 =
    // 408, bf16 136 + 544 = 680; two thread counts: 2 × (114 + 190 + 408 + 680) = 2784 s → 2 × 2784 + 900
    expect(job.spec.activeDeadlineSeconds).toBe(6468);
  });

  it('places the pod with the fleet\'s tolerations, a class\'s own nodeSelector, priorityClassName and pull secrets', () => {
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'benchmark', effect: 'NoSchedule' }]);
    const custom = parseFleet(
      EXAMPLE.replace('imagePullPolicy: IfNotPresent ', 'imagePullSecrets: [registry-credentials]\nimagePullPolicy: IfNotPresent ').replace(
        '  - name: neoverse-n2\n',
        '  - name: neoverse-n2\n    nodeSelector: { example.com/pool: bench }\n    priorityClassName: benchmark\n    tolerations: [{ key: arm, operator: Exists }]\n',
      ),
      'fleet.yaml',
    );
    const objects = classObjects(custom, custom.classes[1]!);
    const spec = (objects[1] as Anything).spec.template.spec;
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'example.com/cpu-model': 'neoverse-n2', 'example.com/pool': 'bench' });
    expect(spec.tolerations).toEqual([{ key: 'arm', operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('benchmark');
    expect(spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    for (const o of objects) expect(k8sProblems(o)).toEqual([]);
  });

  it('is Guaranteed QoS with whole cores: requests = limits for cpu and memory, cpu the widest cell; ephemeral storage for the emptyDirs', () => {
    // 4Gi models emptyDir + 1Gi /tmp + 1Gi /app/out
    const q = { cpu: '4', memory: '16Gi', 'ephemeral-storage': '6144Mi' };
    expect(container.resources).toEqual({ requests: q, limits: q });
    const refused = { ...x86, resources: { cpu: 2, memory: '8Gi', ephemeralStorage: null } };
    expect(() => classObjects(fleet, refused)).toThrow('class x86-icelake: a cell uses 4 threads (threads × instances) but resources.cpu is 2');
  });

  it('derives the cores from what a node gives: above allocatableCpu is refused; without it a request filling a typical node warns', () => {
    const tooMany = { ...x86, matrix: { ...x86.matrix, threads: [8] } };
    expect(() => classObjects(fleet, tooMany)).toThrow('class x86-icelake: its pod asks for 8 whole cores but a node gives at most 5 (allocatableCpu 5): it would stay Pending');
    expect(classWarnings(x86)).toEqual([]);
    expect(classWarnings({ ...tooMany, allocatableCpu: null })).toEqual([expect.stringMatching(/^class x86-icelake: its pod asks for 8 whole cores; a node with 8 vCPUs cannot give that/)]);
    expect(classWarnings({ ...x86, allocatableCpu: null, matrix: { ...x86.matrix, threads: [6] } })).toEqual([]);
    expect(quantityMi('4Gi')).toBe(4096);
    expect(quantityMi('1G')).toBeCloseTo(953.674, 3);
  });

  it('runs non-root with a read-only root filesystem, writable emptyDirs where the image writes, the plan read-only', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts.map((m: Anything) => m.mountPath)).toEqual(['/models', '/tmp', '/app/out', '/etc/modelbench-fleet']);
    expect(pod.volumes[0]).toEqual({ name: 'models', emptyDir: { sizeLimit: '4Gi' } });
    expect(container.command).toEqual(['node', '--import', 'tsx', '/app/tools/fleet/src/pod-entry.ts']);
    expect(container.args).toEqual(['/etc/modelbench-fleet/plan.json']);
    expect(networkPolicy(fleet).spec).toEqual({ podSelector: { matchLabels: { 'modelbench/fleet': 'n2-vs-x86' } }, policyTypes: ['Ingress', 'Egress'] });
  });

  it('the ConfigMap carries the class plan: every cell with the workload command', () => {
    const plan = JSON.parse(configMap.data['plan.json']) as PodPlan;
    expect(podPlanProblems(plan)).toEqual([]);
    expect(plan.cells.length).toBe(8);
    expect(plan.cells[3]).toEqual({
      id: 'resnet50__ort-cpu__bf16__t4',
      workload: 'resnet50',
      args: ['performance', '--backend', 'ort-cpu', '--threads', '4', '--bf16', '--batch', '1', '--iterations', '20', '--warmup', '2', '--offline'],
    });
  });
});

describe('fleet render --dry-run', () => {
  it('prints per class its cells, cores, estimated time and the Job deadline', () => {
    const lines = dryRunLines(parseFleet(EXAMPLE, 'fleet.yaml'));
    // yitian710: resnet50 and bert × fp32, bf16 at 4 threads: (114 + 190 + 408 + 680) s = 23:12; deadline 2 × 1392 + 900 = 3684 s
    expect(lines[0]).toBe('class yitian710: 4 cells, 4 cores (a node gives 5), estimated 23:12, Job deadline 1:01:24 (3684 s)');
    expect(lines[2]).toBe('class x86-icelake: 8 cells, 4 cores (a node gives 5), estimated 46:24, Job deadline 1:47:48 (6468 s)');
    expect(lines.at(-1)).toMatch(/^estimates: compare's per-cell estimate/);
  });
});
