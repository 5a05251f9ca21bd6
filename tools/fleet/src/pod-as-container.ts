/**
 * `docker run` arguments that run a rendered Job's container the way the kubelet would: its command and args,
 * working directory, environment, user, read-only root filesystem, dropped capabilities, no privilege escalation,
 * CPU and memory limits, no network (the fleet's NetworkPolicy), the ConfigMap's files mounted read-only and each
 * emptyDir as a fresh writable mount. Used to test the pod entry and the collector on the real image without a
 * cluster.
 */
import type { K8sObject } from './manifests.ts';

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value: string }[];
  resources?: { limits?: { cpu?: string; memory?: string } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface PodSpec {
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  containers: Container[];
  volumes?: ({ name: string } & Record<string, unknown>)[];
}

export interface PodMounts {
  /** host folder holding the ConfigMap's files (plan.json), per configMap volume name */
  configMapDirs: Record<string, string>;
  /** host folder or docker volume for a volume, instead of a fresh tmpfs (e.g. a models volume kept between runs) */
  volumeSources?: Record<string, string>;
}

const MEMORY_UNITS: Record<string, string> = { Ki: 'k', Mi: 'm', Gi: 'g', Ti: 't' };

function dockerMemory(q: string): string {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new Error(`memory ${q}: only whole Ki/Mi/Gi/Ti quantities are translated`);
  return `${m[1]}${m[2] ? MEMORY_UNITS[m[2]] : 'b'}`;
}

export function podSpecOf(job: K8sObject): PodSpec {
  const spec = (job.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  if (job.kind !== 'Job' || !spec) throw new Error(`${job.kind}/${job.metadata.name} is not a Job with a pod template`);
  return spec;
}

/** Everything after `docker run`, ending with the image and the container's args. */
export function podDockerArgs(job: K8sObject, mounts: PodMounts, extraEnv: Record<string, string> = {}): string[] {
  const pod = podSpecOf(job);
  const c = pod.containers[0]!;
  const args = ['--rm', '--network', 'none', '--name', `${job.metadata.name}-${process.pid}`];
  const user = pod.securityContext?.runAsUser;
  if (user !== undefined) args.push('--user', `${user}:${pod.securityContext?.runAsGroup ?? user}`);
  if (c.securityContext?.readOnlyRootFilesystem) args.push('--read-only');
  if (c.securityContext?.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  for (const cap of c.securityContext?.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  if (c.resources?.limits?.cpu) args.push('--cpus', c.resources.limits.cpu);
  if (c.resources?.limits?.memory) args.push('--memory', dockerMemory(c.resources.limits.memory));
  if (c.workingDir) args.push('--workdir', c.workingDir);
  for (const e of c.env ?? []) args.push('--env', `${e.name}=${e.value}`);
  for (const [k, v] of Object.entries(extraEnv)) args.push('--env', `${k}=${v}`);
  for (const m of c.volumeMounts ?? []) {
    const vol = pod.volumes?.find((v) => v.name === m.name);
    if (!vol) throw new Error(`volume ${m.name} is mounted but not declared`);
    const source = mounts.volumeSources?.[m.name];
    if ('configMap' in vol) {
      const dir = mounts.configMapDirs[m.name];
      if (!dir) throw new Error(`no host folder for the configMap volume ${m.name}`);
      args.push('-v', `${dir}:${m.mountPath}:ro`);
    } else if (source) {
      args.push('-v', `${source}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
    } else if ('emptyDir' in vol || 'persistentVolumeClaim' in vol) {
      args.push('--tmpfs', `${m.mountPath}:rw,exec,uid=${user ?? 0},gid=${pod.securityContext?.runAsGroup ?? user ?? 0}`);
    } else throw new Error(`volume ${m.name}: only configMap, emptyDir and persistentVolumeClaim volumes are translated`);
  }
  if (c.command?.length) args.push('--entrypoint', c.command[0]!);
  args.push(c.image, ...(c.command?.slice(1) ?? []), ...(c.args ?? []));
  return args;
}
