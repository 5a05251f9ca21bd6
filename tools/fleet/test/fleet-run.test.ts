import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { classCells, fleetCellId } from '../src/cells.ts';
import { parseFleet } from '../src/fleet-file.ts';
import { podPlan } from '../src/manifests.ts';
import { runFleet } from '../src/run.ts';
import { FakeClockKubectl, FakeKubectl, jobJson, podList } from './fake-kubectl.ts';
import { REPO_ROOT, runPodEntry, type PodOutput } from './pod-output.ts';

const FLEET = `name: t
image: reg.example/modelbench:1
cellTimeoutSeconds: 300
matrix: { workloads: [resnet50], backends: [ort-cpu, 'null'], precisions: [fp32], threads: [1], batch: 1, iterations: 1, warmup: 0 }
classes:
  - name: a
    selector: { arch: amd64 }
  - name: b
    selector: { arch: arm64, labels: { example.com/pool: bench } }
`;
// the CLI runs from a temporary folder: tsx by its path, as compare's matrix starts its cells
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const work = mkdtempSync(join(tmpdir(), 'fleet-run-'));
const fleetFile = join(work, 'fleet.yaml');
const fleet = parseFleet(FLEET, 'fleet.yaml');
const ids = classCells(fleet.classes[0]!).map(fleetCellId);
let pod: PodOutput;
const logFull = join(work, 'full.log');
const logCut = join(work, 'cut.log');

function cli(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, join(REPO_ROOT, 'tools/fleet/src/cli.ts'), ...args], { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  writeFileSync(fleetFile, FLEET);
  // what class a's pod prints, for real: the pod entry on the plan fleet render puts in its ConfigMap
  pod = runPodEntry(podPlan(fleet, fleet.classes[0]!, classCells(fleet.classes[0]!)).cells, 'a');
  writeFileSync(logFull, pod.stdout);
  // class b's pod is evicted while printing its second record
  const second = pod.stdout.indexOf(`BEGIN cell=${ids[1]} `);
  writeFileSync(logCut, pod.stdout.subarray(0, second + 400));
});

describe('fleet run against a kubectl stand-in', () => {
  const kubectl = new FakeKubectl({
    contexts: ['lab'],
    current: 'lab',
    jobs: { 'mb-t-a': jobJson('complete'), 'mb-t-b': jobJson('failed', { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }) },
    preexisting: [],
    pods: { 'mb-t-a': podList('mb-t-a-x1', 'Succeeded'), 'mb-t-b': podList('mb-t-b-y2', 'Failed', { reason: 'Evicted', message: 'The node was low on resource: memory.' }) },
    logs: { 'mb-t-a-x1': logFull, 'mb-t-b-y2': logCut },
  });
  const out = join(work, 'results');

  it('applies one Job per class, collects the records byte for byte, an evicted pod\'s cells are errors with the reason', () => {
    expect(pod.code).toBe(0);
    const r = cli(['run', fleetFile, '--out', out, '--kubectl', kubectl.command, '--poll-seconds', '1']);
    expect(r.code).toBe(1); // an error cell
    const applied = kubectl.applied();
    const jobs = applied.flatMap((t) => parseAllDocuments(t).map((d) => d.toJS())).filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => j.metadata.name)).toEqual(['mb-t-a', 'mb-t-b']);
    expect(jobs[1].spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'example.com/pool': 'bench' });
    expect(kubectl.calls().map((c) => c.argv[0])).toEqual(expect.arrayContaining(['config', 'apply', 'delete', 'get', 'logs']));
    for (const id of ids) expect(readFileSync(join(out, 'a', `${id}.json`)).equals(pod.kept.get(id)!)).toBe(true);
    expect(readFileSync(join(out, 'b', `${ids[0]}.json`)).equals(pod.kept.get(ids[0]!)!)).toBe(true);
    const evicted = JSON.parse(readFileSync(join(out, 'b', `${ids[1]}.json`), 'utf8'));
    expect(evicted.status).toBe('error');
    expect(evicted.error.code).toBe('RECORD_TRUNCATED');
    expect(evicted.error.message).toContain('pod mb-t-b-y2');
    expect(evicted.error.message).toContain('Evicted — The node was low on resource: memory.');
    expect(evicted.config.extra.matrixCell).toMatchObject({ workload: 'resnet50', backend: 'null', precision: 'fp32', threads: 1 });
    for (const f of ['report.md', 'cells.csv', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    // the merged report: both classes, four cells
    expect(readFileSync(join(out, 'cells.csv'), 'utf8').trim().split('\n').length).toBe(5);
    // the null backend measures the harness: listed, never the winner
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).not.toMatch(/winner \*\*null/);
    expect(report).toContain('the null backend measures the harness, not a contender');
    expect(r.stderr).toContain('fleet: class b: 1 of 2 cells recorded, 1 errors');
  });

  it('running again resumes: finished cells are kept, only the failed one runs again (--rerun-errors)', () => {
    kubectl.setState({
      contexts: ['lab'],
      current: 'lab',
      jobs: { 'mb-t-b': jobJson('complete') },
      preexisting: [],
      pods: { 'mb-t-b': podList('mb-t-b-z3', 'Succeeded') },
      logs: { 'mb-t-b-z3': logFull },
    });
    const before = kubectl.applied().length;
    const r = cli(['run', fleetFile, '--out', out, '--kubectl', kubectl.command, '--poll-seconds', '1', '--rerun-errors']);
    expect(r.stderr).toContain('fleet: class a: 2 cells, 2 kept from before, 0 to run');
    expect(r.code).toBe(0);
    const again = kubectl.applied().slice(before).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()));
    const configMaps = again.filter((o) => o.kind === 'ConfigMap');
    expect(configMaps.map((c) => c.metadata.name)).toEqual(['mb-t-b']);
    expect(JSON.parse(configMaps[0].data['plan.json']).cells.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    expect(readFileSync(join(out, 'b', `${ids[1]}.json`)).equals(pod.kept.get(ids[1]!)!)).toBe(true);
    expect(readdirSync(join(out, 'b')).filter((f) => f.endsWith('.json')).sort()).toEqual(['matrix.json', ...ids.map((i) => `${i}.json`)].sort());
  });
});

describe('fleet run after an interrupted one', () => {
  it("takes the records of the Jobs it left before replacing them; nothing to run, nothing applied", () => {
    const kubectl = new FakeKubectl({
      contexts: ['lab'],
      current: 'lab',
      jobs: { 'mb-t-a': jobJson('complete'), 'mb-t-b': jobJson('complete') },
      preexisting: ['mb-t-a', 'mb-t-b'],
      pods: { 'mb-t-a': podList('mb-t-a-q1', 'Succeeded'), 'mb-t-b': podList('mb-t-b-q2', 'Succeeded') },
      logs: { 'mb-t-a-q1': logFull, 'mb-t-b-q2': logFull },
    });
    const out = join(work, 'salvaged');
    const r = cli(['run', fleetFile, '--out', out, '--kubectl', kubectl.command, '--poll-seconds', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('fleet: class b: 2 records taken from the earlier Job mb-t-b (pod mb-t-b-q2); 0 cells left to run');
    expect(kubectl.applied()).toEqual([]);
    for (const c of ['a', 'b']) for (const id of ids) expect(readFileSync(join(out, c, `${id}.json`)).equals(pod.kept.get(id)!)).toBe(true);
  });
});

describe('fleet run that stops waiting, and fleet render', () => {
  it('a Job still running at --timeout: the cells printed so far are kept, the others are errors saying so', async () => {
    const fake = new FakeKubectl({
      contexts: ['lab'],
      current: 'lab',
      jobs: { 'mb-t-a': jobJson('running'), 'mb-t-b': jobJson('complete') },
      preexisting: [],
      pods: { 'mb-t-a': podList('mb-t-a-r1', 'Running'), 'mb-t-b': podList('mb-t-b-r2', 'Succeeded') },
      logs: { 'mb-t-a-r1': logCut, 'mb-t-b-r2': logFull },
    });
    // in process, on a fake clock (each `kubectl wait --timeout=1s` takes its second), so the deadline is reached the
    // same way on any machine: --timeout 2, --poll-seconds 1 looks at 0, 1 and 2 s (not past 2 s: it waits) and gives
    // up at the look at 3 s
    const kubectl = new FakeClockKubectl(fake, fleet.namespace);
    const out = join(work, 'timeout');
    const lines: string[] = [];
    const outcome = await runFleet({ fleet, outDir: out, kubectl, rerun: false, rerunErrors: false, pollSeconds: 1, timeoutSeconds: 2, unschedulableSeconds: 120, log: (l) => void lines.push(l), now: kubectl.now });
    expect(kubectl.waits).toBe(3);
    expect(outcome).toMatchObject({ cells: 4, kept: 0, recorded: 3, errors: 1 });
    expect(readFileSync(join(out, 'a', `${ids[0]}.json`)).equals(pod.kept.get(ids[0]!)!)).toBe(true);
    const cut = JSON.parse(readFileSync(join(out, 'a', `${ids[1]}.json`), 'utf8'));
    expect(cut.error.code).toBe('RECORD_TRUNCATED');
    expect(cut.error.message).toContain('fleet run stopped waiting after 2 s (the Job is left running; run again to collect it anew)');
    // class b finished: both its records, byte for byte
    for (const id of ids) expect(readFileSync(join(out, 'b', `${id}.json`)).equals(pod.kept.get(id)!)).toBe(true);
    expect(lines).toContain('fleet: class a: pod Running');
    // left running: the only delete of Job a is the one before its apply
    expect(fake.calls().filter((c) => c.argv[0] === 'delete' && c.argv[2] === 'mb-t-a').map((c) => c.argv.join(' '))).toEqual(['delete job mb-t-a --ignore-not-found --wait=true']);
  });

  it('a Pending pod: the scheduler\'s reason (its FailedScheduling event) is printed, and the class is stopped with it', () => {
    const insufficient = 'Insufficient cpu';
    const kubectl = new FakeKubectl({
      contexts: ['lab'],
      current: 'lab',
      jobs: { 'mb-t-a': jobJson('running'), 'mb-t-b': jobJson('complete') },
      preexisting: [],
      pods: {
        'mb-t-a': podList('mb-t-a-p1', 'Pending', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'condition text' }] }),
        'mb-t-b': podList('mb-t-b-p2', 'Succeeded'),
      },
      logs: { 'mb-t-b-p2': logFull },
      events: {
        'mb-t-a-p1': {
          items: [
            { reason: 'FailedScheduling', message: '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector.', lastTimestamp: '2026-12-01T10:00:01Z' },
            { reason: 'FailedScheduling', message: `0/3 nodes are available: 1 ${insufficient}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available.`, lastTimestamp: '2026-12-01T10:00:31Z' },
          ],
        },
      },
    });
    const out = join(work, 'pending');
    const r = cli(['run', fleetFile, '--out', out, '--kubectl', kubectl.command, '--poll-seconds', '1', '--unschedulable-seconds', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`fleet: class a: pod mb-t-a-p1 cannot be scheduled — FailedScheduling: 0/3 nodes are available: 1 ${insufficient}, 2 node(s)`);
    expect(r.stderr).toMatch(/fleet: class a: stopped — the pod of class a could not be scheduled for 1 s — FailedScheduling: .*Insufficient cpu.*; Job mb-t-a deleted, its 2 cells recorded as errors/);
    const cell = JSON.parse(readFileSync(join(out, 'a', `${ids[0]}.json`), 'utf8'));
    expect(cell.error).toMatchObject({ code: 'UNSCHEDULABLE', message: expect.stringContaining(insufficient), hint: expect.stringContaining('allocatableCpu') });
    expect(kubectl.calls().some((c) => c.argv.join(' ') === 'delete job mb-t-a --ignore-not-found --wait=false')).toBe(true);
    // class b ran as usual
    expect(readFileSync(join(out, 'b', `${ids[0]}.json`)).equals(pod.kept.get(ids[0]!)!)).toBe(true);
  });

  it('fleet render writes one file per class and the network policy, and says how to apply them', () => {
    const dir = join(work, 'rendered');
    const r = cli(['render', fleetFile, '--out', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['class-a.yaml', 'class-b.yaml', 'network-policy.yaml']);
    expect(r.stdout).toContain(`${join(dir, 'class-a.yaml')}: ConfigMap/mb-t-a, Job/mb-t-a`);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`apply with: kubectl apply -f ${dir}`);
  });
});

describe('fleet run refuses, in one line with the fix and exit code 2', () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-kubectl-'));
  const expectUsage = (r: { code: number; stderr: string }, message: RegExp): void => {
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^ {2}fix: /);
  };

  it('kubectl not installed', () => {
    expectUsage(cli(['run', fleetFile, '--out', join(work, 'r1')], { PATH: empty }), /^error \[USAGE\]: fleet run: kubectl is not installed \(no 'kubectl' on PATH\)$/);
    expect(existsSync(join(work, 'r1'))).toBe(false);
  });

  it('a context that does not exist, or no current context', () => {
    const k = new FakeKubectl({ contexts: ['lab', 'prod'], current: null, jobs: {}, preexisting: [], pods: {}, logs: {} });
    const r = cli(['run', fleetFile, '--out', join(work, 'r2'), '--context', 'nope'], { PATH: k.dir });
    expectUsage(r, /^error \[USAGE\]: fleet run: kubectl has no context 'nope'$/);
    expect(r.stderr).toContain('pick one of: lab, prod');
    expectUsage(cli(['run', fleetFile, '--out', join(work, 'r2'), '--kubectl', k.command]), /^error \[USAGE\]: fleet run: kubectl has no current context$/);
    expect(k.calls().every((c) => c.argv[0] === 'config')).toBe(true);
  });

  it('a fleet file with an unknown field, a class without a selector, an empty matrix', () => {
    const write = (name: string, text: string): string => (writeFileSync(join(work, name), text), join(work, name));
    const k = new FakeKubectl({ contexts: ['lab'], current: 'lab', jobs: {}, preexisting: [], pods: {}, logs: {} });
    expectUsage(cli(['run', write('u.yaml', FLEET + 'retries: 3\n'), '--kubectl', k.command]), /^error \[BAD_INPUT\]: .*u\.yaml: unknown field 'retries'$/);
    expectUsage(cli(['run', write('s.yaml', FLEET.replace('    selector: { arch: amd64 }\n', '')), '--kubectl', k.command]), /classes\[0\]\.selector: is missing: the class would run on any node$/);
    expectUsage(cli(['run', write('e.yaml', FLEET.replace("backends: [ort-cpu, 'null']", 'backends: []')), '--kubectl', k.command]), /matrix\.backends: is an empty list: the matrix would have no cells$/);
    expect(k.calls()).toEqual([]);
  });
});
