import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseFleet } from '../src/fleet-file.ts';
import { classObjects, networkPolicy, type K8sObject } from '../src/manifests.ts';
import { podPlanProblems, type PodPlan } from '../src/pod-plan.ts';
import { renderFleet } from '../src/render.ts';
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
    // 8 cells × 1800 s + 900 s
    expect(job.spec.activeDeadlineSeconds).toBe(15_300);
  });

  it('is Guaranteed QoS with whole cores: requests = limits for cpu and memory, cpu the widest cell', () => {
    expect(container.resources).toEqual({ requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } });
    const refused = { ...x86, resources: { cpu: 4, memory: '8Gi' } };
    expect(() => classObjects(fleet, refused)).toThrow('class x86-icelake: a cell uses 8 threads (threads × instances) but resources.cpu is 4');
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
      id: 'resnet50__ort-cpu__bf16__t8',
      workload: 'resnet50',
      args: ['performance', '--backend', 'ort-cpu', '--threads', '8', '--bf16', '--batch', '1', '--iterations', '20', '--warmup', '2', '--offline'],
    });
  });
});
