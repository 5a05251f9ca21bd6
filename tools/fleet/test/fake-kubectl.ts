/**
 * A stand-in for the user's kubectl: a script named `kubectl` in a temporary folder, answering `config
 * get-contexts/current-context`, `apply -f` (the file is kept), `delete`, `get job|pods|events -o json`, `wait` and
 * `logs` from the state file the test writes, and logging every call.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl, type KubectlResult } from '../src/kubectl.ts';

export interface FakeState {
  contexts: string[];
  current: string | null;
  /** job name → `kubectl get job -o json` output, once the Job was applied (or when it is preexisting) */
  jobs: Record<string, unknown>;
  /** Jobs that exist before any apply (left by an earlier run) */
  preexisting: string[];
  /** job name → pod list */
  pods: Record<string, unknown>;
  /** pod name → file whose bytes `kubectl logs` prints */
  logs: Record<string, string>;
  /** pod name → `kubectl get events --field-selector involvedObject.name=<pod>,… -o json` output */
  events?: Record<string, unknown>;
}

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const dir = __dirname;
const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
let argv = process.argv.slice(2);
const global = {};
for (const flag of ['--context', '--namespace']) {
  const i = argv.indexOf(flag);
  if (i !== -1) { global[flag.slice(2)] = argv[i + 1]; argv.splice(i, 2); }
}
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ argv, ...global }) + '\n');
const [a, b, c] = argv;
const applied = () => { try { return fs.readFileSync(path.join(dir, 'jobs-applied.txt'), 'utf8').split('\n'); } catch { return []; } };
const out = (s) => process.stdout.write(s);
const fail = (s) => { process.stderr.write(s + '\n'); process.exit(1); };
if (a === 'config' && b === 'get-contexts') out(state.contexts.join('\n') + '\n');
else if (a === 'config' && b === 'current-context') state.current ? out(state.current + '\n') : fail('error: current-context is not set');
else if (a === 'apply') {
  const file = argv[argv.indexOf('-f') + 1];
  const applied = path.join(dir, 'applied');
  fs.mkdirSync(applied, { recursive: true });
  fs.copyFileSync(file, path.join(applied, fs.readdirSync(applied).length + '-' + path.basename(file)));
  const job = /^kind: Job\n(?:[\s\S]*?)^  name: (\S+)$/m.exec(fs.readFileSync(file, 'utf8'));
  if (job) fs.appendFileSync(path.join(dir, 'jobs-applied.txt'), job[1] + '\n');
  out('configured\n');
} else if (a === 'delete') out('');
else if (a === 'get' && b === 'job') state.jobs[c] && (state.preexisting.includes(c) || applied().includes(c)) ? out(JSON.stringify(state.jobs[c])) : fail('Error from server (NotFound): jobs.batch "' + c + '" not found');
else if (a === 'get' && b === 'pods') out(JSON.stringify(state.pods[argv[argv.indexOf('-l') + 1].replace('job-name=', '')] || { items: [] }));
else if (a === 'get' && b === 'events') {
  const selector = argv[argv.indexOf('--field-selector') + 1] || '';
  const pod = (/involvedObject\.name=([^,]+)/.exec(selector) || [])[1];
  out(JSON.stringify((state.events || {})[pod] || { items: [] }));
}
else if (a === 'wait') out('');
else if (a === 'logs') state.logs[b] ? fs.createReadStream(state.logs[b]).pipe(process.stdout) : fail('Error from server (BadRequest): container "bench" in pod "' + b + '" is not available');
else fail('fake kubectl: unexpected call ' + argv.join(' '));
`;

export class FakeKubectl {
  readonly dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
  readonly command = join(this.dir, 'kubectl');

  constructor(state: FakeState) {
    writeFileSync(this.command, `#!${process.execPath}\n${SCRIPT}`);
    chmodSync(this.command, 0o755);
    // the script is CommonJS; keep it from the repo's "type": "module"
    writeFileSync(join(this.dir, 'package.json'), '{"type":"commonjs"}\n');
    this.setState(state);
  }

  /** A new cluster state: the Jobs applied so far are forgotten (only `preexisting` ones exist before an apply). */
  setState(state: FakeState): void {
    rmSync(join(this.dir, 'jobs-applied.txt'), { force: true });
    writeFileSync(join(this.dir, 'state.json'), JSON.stringify(state));
  }

  calls(): { argv: string[]; context?: string; namespace?: string }[] {
    const f = join(this.dir, 'calls.jsonl');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  }

  /** the files `kubectl apply -f` was given, in order */
  applied(): string[] {
    const d = join(this.dir, 'applied');
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .sort((x, y) => Number(x.split('-')[0]) - Number(y.split('-')[0]))
      .map((f) => readFileSync(join(d, f), 'utf8'));
  }
}

/**
 * The stand-in as runFleet's own Kubectl (in process), on a fake clock: `kubectl wait … --timeout=Ns` on a Job that
 * does not finish answers as kubectl does (exit 1 after N s, "timed out waiting"), moving `now` on N s instead of
 * sleeping; every other call goes to the stand-in. A run that never stops waiting fails after `maxWaits`.
 */
export class FakeClockKubectl extends Kubectl {
  private nowMs = 0;
  waits = 0;
  readonly now = (): number => this.nowMs;

  constructor(fake: FakeKubectl, namespace: string | null, private readonly maxWaits = 50) {
    super({ command: fake.command, context: null, namespace });
  }

  override raw(args: readonly string[], input?: string): Promise<KubectlResult> {
    if (args[0] !== 'wait') return super.raw(args, input);
    const seconds = Number(/^--timeout=(\d+(?:\.\d+)?)s$/.exec(args.at(-1) ?? '')?.[1] ?? NaN);
    if (!Number.isFinite(seconds)) throw new Error(`FakeClockKubectl: wait without --timeout=Ns: ${args.join(' ')}`);
    if (++this.waits > this.maxWaits) throw new Error(`FakeClockKubectl: still waiting after ${this.maxWaits} waits (${this.nowMs / 1000} s on the fake clock)`);
    this.nowMs += seconds * 1000;
    return Promise.resolve({ code: 1, stdout: Buffer.alloc(0), stderr: `error: timed out waiting for the condition on ${args.find((a) => a.startsWith('job/')) ?? 'the job'}\n` });
  }
}

export function jobJson(state: 'complete' | 'failed' | 'running', failure?: { reason: string; message: string }): unknown {
  if (state === 'complete') return { status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } };
  if (state === 'failed') return { status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', ...failure }] } };
  return { status: { active: 1 } };
}

export function podList(name: string, phase: string, extra: Record<string, unknown> = {}): unknown {
  return { items: [{ metadata: { name, creationTimestamp: '2026-12-01T10:00:00Z' }, status: { phase, ...extra } }] };
}
