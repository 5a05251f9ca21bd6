/**
 * What Kubernetes says about a class's Job and its pod, read from `kubectl get … -o json`: whether the Job is done,
 * and in one line how the pod ended (Succeeded; Failed: Evicted — the kubelet's message; container OOMKilled; the
 * Job's deadline …), which becomes the reason of every cell the pod did not print.
 */
import type { PodEnd } from './collect.ts';

export type JobState = 'pending' | 'running' | 'complete' | 'failed';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  state: JobState;
  /** the Failed condition's reason and message, when failed */
  failure: string | null;
}

export function jobStatus(jobJson: string): JobStatus {
  const job = JSON.parse(jobJson) as { status?: { conditions?: Condition[]; active?: number; succeeded?: number; failed?: number } };
  const s = job.status ?? {};
  const conditions = (s.conditions ?? []).filter((c) => c.status === 'True');
  const failed = conditions.find((c) => c.type === 'Failed');
  if (failed) return { state: 'failed', failure: [failed.reason, failed.message].filter(Boolean).join(': ') || 'the Job failed' };
  if (conditions.some((c) => c.type === 'Complete')) return { state: 'complete', failure: null };
  if ((s.failed ?? 0) > 0) return { state: 'failed', failure: 'its pod failed' };
  return { state: (s.active ?? 0) > 0 ? 'running' : 'pending', failure: null };
}

interface ContainerStatus {
  name?: string;
  state?: { terminated?: { reason?: string; exitCode?: number; message?: string }; waiting?: { reason?: string; message?: string } };
}

interface Pod {
  metadata?: { name?: string; creationTimestamp?: string };
  status?: { phase?: string; reason?: string; message?: string; conditions?: Condition[]; containerStatuses?: ContainerStatus[] };
}

interface KubeEvent {
  reason?: string;
  message?: string;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  metadata?: { creationTimestamp?: string };
}

/**
 * Why the scheduler leaves a pod Pending, in its own words (`0/3 nodes are available: 3 Insufficient cpu.`): the
 * newest FailedScheduling event of the pod (`kubectl get events … -o json`), else the pod's PodScheduled=False
 * condition; null when the pod is not waiting for a node.
 */
export function schedulingProblem(pod: Pod | null, eventsJson: string | null): string | null {
  if (!pod || pod.status?.phase !== 'Pending') return null;
  const when = (e: KubeEvent): string => String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  const events = eventsJson ? ((JSON.parse(eventsJson) as { items?: KubeEvent[] }).items ?? []).filter((e) => e.reason === 'FailedScheduling') : [];
  const newest = events.sort((a, b) => when(a).localeCompare(when(b))).at(-1);
  if (newest?.message) return `FailedScheduling: ${newest.message.trim()}`;
  const c = pod.status.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False');
  return c ? `${c.reason ?? 'Unschedulable'}: ${(c.message ?? 'no node fits the pod').trim()}` : null;
}

/** The newest pod of the list (`kubectl get pods -l job-name=… -o json`), or null. */
export function newestPod(podListJson: string): Pod | null {
  const items = ((JSON.parse(podListJson) as { items?: Pod[] }).items ?? []).slice();
  items.sort((a, b) => String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')));
  return items.at(-1) ?? null;
}

export function podPhase(pod: Pod | null): string {
  if (!pod) return 'no pod yet';
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting;
  return `${pod.status?.phase ?? 'Unknown'}${waiting?.reason ? ` (${waiting.reason})` : ''}`;
}

/** One line on how the pod ended, with the Job's failure when the pod says nothing (deadline, pod deleted). */
export function podEnd(pod: Pod | null, job: JobStatus): PodEnd {
  const jobWhy = job.failure ? `the Job failed: ${job.failure}` : null;
  if (!pod) return { podName: null, reason: jobWhy ?? 'the Job has no pod (it was never scheduled, or was deleted)' };
  const parts: string[] = [`phase ${pod.status?.phase ?? 'Unknown'}`];
  if (pod.status?.reason) parts.push(`${pod.status.reason}${pod.status.message ? ` — ${pod.status.message.trim()}` : ''}`);
  for (const c of pod.status?.containerStatuses ?? []) {
    const t = c.state?.terminated;
    if (t) parts.push(`container ${c.name ?? '?'} ${t.reason ?? 'terminated'} (exit ${t.exitCode ?? '?'})${t.message ? `: ${t.message.trim()}` : ''}`);
    const w = c.state?.waiting;
    if (w?.reason) parts.push(`container ${c.name ?? '?'} waiting: ${w.reason}${w.message ? ` — ${w.message.trim()}` : ''}`);
  }
  if (jobWhy) parts.push(jobWhy);
  return { podName: pod.metadata?.name ?? null, reason: parts.join('; ') };
}
