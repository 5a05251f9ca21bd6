import { describe, expect, it } from 'vitest';
import { jobStatus, newestPod, podEnd, podPhase, schedulingProblem } from '../src/pod-status.ts';

// Shapes as `kubectl get job|pods -o json` prints them (fields from the Kubernetes API reference).
describe('what Kubernetes says about a Job and its pod', () => {
  it('reads the Job state from its conditions', () => {
    expect(jobStatus(JSON.stringify({ status: { active: 1 } }))).toEqual({ state: 'running', failure: null });
    expect(jobStatus(JSON.stringify({ status: {} }))).toEqual({ state: 'pending', failure: null });
    expect(jobStatus(JSON.stringify({ status: { succeeded: 1, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } }))).toEqual({ state: 'complete', failure: null });
    expect(jobStatus(JSON.stringify({ status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] } }))).toEqual({
      state: 'failed',
      failure: 'DeadlineExceeded: Job was active longer than specified deadline',
    });
  });

  it('names how the newest pod ended: evicted, OOM-killed, never scheduled', () => {
    const pods = {
      items: [
        { metadata: { name: 'old', creationTimestamp: '2026-12-01T09:00:00Z' }, status: { phase: 'Failed' } },
        {
          metadata: { name: 'mb-f-n2-7x2kq', creationTimestamp: '2026-12-01T10:00:00Z' },
          status: { phase: 'Failed', containerStatuses: [{ name: 'bench', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] },
        },
      ],
    };
    const pod = newestPod(JSON.stringify(pods));
    expect(podEnd(pod, { state: 'failed', failure: 'BackoffLimitExceeded: Job has reached the specified backoff limit' })).toEqual({
      podName: 'mb-f-n2-7x2kq',
      reason: 'phase Failed; container bench OOMKilled (exit 137); the Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    const evicted = { metadata: { name: 'p' }, status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' } };
    expect(podEnd(evicted, { state: 'failed', failure: null }).reason).toBe('phase Failed; Evicted — The node was low on resource: memory.');
    const pulling = { metadata: { name: 'p' }, status: { phase: 'Pending', containerStatuses: [{ name: 'bench', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "reg/x:1"' } } }] } };
    expect(podPhase(pulling)).toBe('Pending (ImagePullBackOff)');
    expect(podEnd(null, { state: 'failed', failure: 'DeadlineExceeded: Job was active longer than specified deadline' })).toEqual({
      podName: null,
      reason: 'the Job failed: DeadlineExceeded: Job was active longer than specified deadline',
    });
    expect(newestPod('{"items":[]}')).toBeNull();
  });
});

describe('schedulingProblem', () => {
  const pending = (extra: Record<string, unknown> = {}) => JSON.parse(JSON.stringify({ metadata: { name: 'p' }, status: { phase: 'Pending', ...extra } }));
  it('is the newest FailedScheduling event, else the PodScheduled=False condition, else nothing; never for a running pod', () => {
    const events = JSON.stringify({
      items: [
        { reason: 'FailedScheduling', message: '0/2 nodes are available: 2 Insufficient cpu.', lastTimestamp: '2026-12-01T10:00:30Z' },
        { reason: 'Scheduled', message: 'ignored', lastTimestamp: '2026-12-01T10:00:40Z' },
        { reason: 'FailedScheduling', message: 'older', lastTimestamp: '2026-12-01T10:00:00Z' },
      ],
    });
    expect(schedulingProblem(pending(), events)).toBe('FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu.');
    const condition = { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }] };
    expect(schedulingProblem(pending(condition), null)).toBe('Unschedulable: 0/2 nodes are available: 2 Insufficient memory.');
    expect(schedulingProblem(pending(), JSON.stringify({ items: [] }))).toBeNull();
    expect(schedulingProblem({ metadata: { name: 'p' }, status: { phase: 'Running' } }, events)).toBeNull();
  });
});
