/**
 * The Kubernetes objects of a fleet, as plain data: per machine class a ConfigMap (the pod's plan), a Job (one pod,
 * placed by node labels, Guaranteed QoS with whole cores, never two benchmark pods on one node), and a
 * PersistentVolumeClaim when the models cache is a PVC; for the fleet a NetworkPolicy that denies the pods all
 * traffic (they need none: the default models are generated in the pod).
 */
import { classCells, podCell, type FleetCell } from './cells.ts';
import type { FleetSpec, MachineClass } from './fleet-file.ts';
import { PLAN_FILE, PLAN_MOUNT_DIR, PLAN_VERSION, type PodPlan } from './pod-plan.ts';
import { ephemeralStorage, jobDeadlineSeconds, podCpus } from './pod-size.ts';
import { ARCH_LABEL, HOSTNAME_LABEL, INSTANCE_TYPE_LABEL } from './vocabulary.ts';

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

export const APP_LABEL = 'app.kubernetes.io/name';
export const APP_NAME = 'modelbench-fleet';
export const FLEET_LABEL = 'modelbench/fleet';
export const CLASS_LABEL = 'modelbench/class';
export const CONTAINER_NAME = 'bench';
/** the image's user (docker/Dockerfile: USER node) */
export const IMAGE_UID = 1000;
export const POD_ENTRY = '/app/tools/fleet/src/pod-entry.ts';
const SCRATCH_SIZE = '1Gi';

export function jobName(fleet: FleetSpec, mc: MachineClass): string {
  return `mb-${fleet.name}-${mc.name}`;
}

export function modelsClaimName(fleet: FleetSpec, mc: MachineClass): string {
  return `${jobName(fleet, mc)}-models`;
}

function meta(fleet: FleetSpec, name: string, mc?: MachineClass): K8sObject['metadata'] {
  const labels: Record<string, string> = { [APP_LABEL]: APP_NAME, [FLEET_LABEL]: fleet.name, ...(mc ? { [CLASS_LABEL]: mc.name } : {}) };
  return { name, ...(fleet.namespace ? { namespace: fleet.namespace } : {}), labels };
}

export function nodeSelector(mc: MachineClass): Record<string, string> {
  return {
    ...(mc.selector.arch ? { [ARCH_LABEL]: mc.selector.arch } : {}),
    ...(mc.selector.instanceType ? { [INSTANCE_TYPE_LABEL]: mc.selector.instanceType } : {}),
    ...mc.selector.labels,
    ...mc.placement.nodeSelector,
  };
}

export function podPlan(fleet: FleetSpec, mc: MachineClass, cells: readonly FleetCell[]): PodPlan {
  return { version: PLAN_VERSION, fleet: fleet.name, machineClass: mc.name, cellTimeoutSeconds: fleet.cellTimeoutSeconds, cells: cells.map(podCell) };
}

/** The plan as the ConfigMap holds it: one cell per line, so `kubectl get configmap -o yaml` stays readable. */
export function planJson(plan: PodPlan): string {
  const { cells, ...head } = plan;
  const headJson = JSON.stringify(head);
  return `${headJson.slice(0, -1)},"cells":[\n${cells.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]}\n`;
}

/** Refuses a class whose cells would use more threads than its pod's cores, or cores its nodes cannot give. */
export function checkCores(mc: MachineClass): number {
  return podCpus(mc);
}

function modelsVolume(fleet: FleetSpec, mc: MachineClass): Record<string, unknown> {
  if (fleet.cache.kind === 'emptyDir') return { name: 'models', emptyDir: { sizeLimit: fleet.cache.sizeLimit } };
  return { name: 'models', persistentVolumeClaim: { claimName: modelsClaimName(fleet, mc) } };
}

export function classObjects(fleet: FleetSpec, mc: MachineClass, cells: readonly FleetCell[] = classCells(mc)): K8sObject[] {
  const name = jobName(fleet, mc);
  const cpus = checkCores(mc);
  const quantities = { cpu: String(cpus), memory: mc.resources.memory, 'ephemeral-storage': ephemeralStorage(fleet, mc) };
  const podLabels = { [APP_LABEL]: APP_NAME, [FLEET_LABEL]: fleet.name, [CLASS_LABEL]: mc.name };
  const configMap: K8sObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(fleet, name, mc),
    data: { [PLAN_FILE]: planJson(podPlan(fleet, mc, cells)) },
  };
  const job: K8sObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(fleet, name, mc),
    spec: {
      parallelism: 1,
      completions: 1,
      // a failed pod is not retried: its unfinished cells become error records, and `fleet run` again resumes
      backoffLimit: 0,
      // the cells' estimated time (compare's cell estimate) twice over, plus 15 minutes to pull and schedule
      activeDeadlineSeconds: jobDeadlineSeconds(fleet, cells),
      template: {
        metadata: { labels: podLabels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          nodeSelector: nodeSelector(mc),
          ...(mc.placement.tolerations.length ? { tolerations: mc.placement.tolerations } : {}),
          ...(mc.placement.priorityClassName ? { priorityClassName: mc.placement.priorityClassName } : {}),
          ...(fleet.imagePullSecrets.length ? { imagePullSecrets: fleet.imagePullSecrets.map((n) => ({ name: n })) } : {}),
          affinity: {
            // one benchmark pod per node at a time, whatever fleet or class it belongs to
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { [APP_LABEL]: APP_NAME } }, topologyKey: HOSTNAME_LABEL }],
            },
          },
          securityContext: { runAsNonRoot: true, runAsUser: IMAGE_UID, runAsGroup: IMAGE_UID, fsGroup: IMAGE_UID, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: CONTAINER_NAME,
              image: fleet.image,
              imagePullPolicy: fleet.imagePullPolicy,
              command: ['node', '--import', 'tsx', POD_ENTRY],
              args: [`${PLAN_MOUNT_DIR}/${PLAN_FILE}`],
              workingDir: '/app',
              env: [{ name: 'MODELBENCH_CACHE_DIR', value: '/models' }],
              // requests = limits, whole cores: Guaranteed QoS, exclusive cores under the static CPU manager policy;
              // ephemeral storage: what the emptyDirs may hold
              resources: { requests: quantities, limits: quantities },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'models', mountPath: '/models' },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'out', mountPath: '/app/out' },
                { name: 'plan', mountPath: PLAN_MOUNT_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            modelsVolume(fleet, mc),
            { name: 'tmp', emptyDir: { sizeLimit: SCRATCH_SIZE } },
            { name: 'out', emptyDir: { sizeLimit: SCRATCH_SIZE } },
            { name: 'plan', configMap: { name } },
          ],
        },
      },
    },
  };
  const objects = [configMap];
  if (fleet.cache.kind === 'pvc') {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(fleet, modelsClaimName(fleet, mc), mc),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: fleet.cache.size } },
        ...(fleet.cache.storageClassName ? { storageClassName: fleet.cache.storageClassName } : {}),
      },
    });
  }
  objects.push(job);
  return objects;
}

/** Denies the fleet's pods every connection in and out: nothing they run needs the network. */
export function networkPolicy(fleet: FleetSpec): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(fleet, `mb-${fleet.name}-no-network`),
    spec: { podSelector: { matchLabels: { [FLEET_LABEL]: fleet.name } }, policyTypes: ['Ingress', 'Egress'] },
  };
}
