/**
 * The user's kubectl, as it is: its context and namespace come from the usual places (KUBECONFIG, ~/.kube/config,
 * --context / --namespace passed through). Every call is captured; a missing kubectl or context is a one-line
 * error (exit code 2) naming the fix.
 */
import { spawn } from 'node:child_process';
import { BenchError } from '@modelbench/core';

export interface KubectlResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface KubectlTarget {
  /** the kubectl command (default `kubectl`, found on PATH) */
  command: string;
  context: string | null;
  namespace: string | null;
}

export class Kubectl {
  constructor(readonly target: KubectlTarget) {}

  private globalArgs(): string[] {
    return [...(this.target.context ? ['--context', this.target.context] : []), ...(this.target.namespace ? ['--namespace', this.target.namespace] : [])];
  }

  raw(args: readonly string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.target.command, [...this.globalArgs(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') {
          reject(new BenchError('USAGE', `fleet run: kubectl is not installed (no '${this.target.command}' on PATH)`, {
            hint: 'install kubectl (kubernetes.io/docs/tasks/tools) and configure a context for your cluster, or pass --kubectl PATH',
          }));
        } else reject(new BenchError('USAGE', `fleet run: cannot start ${this.target.command}: ${e.message}`, { hint: 'check that kubectl is executable, or pass --kubectl PATH' }));
      });
      child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr }));
      child.stdin.end(input ?? '');
    });
  }

  /** Runs and throws a one-line error (exit 1: the cluster refused) unless kubectl exits 0. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const r = await this.raw(args, input);
    if (r.code !== 0) {
      const why = r.stderr.trim().split('\n').at(-1) ?? `exit ${r.code}`;
      throw new BenchError('INTERNAL', `kubectl ${args.join(' ')} failed: ${why}`, { hint: 'check the cluster and your permissions (kubectl auth can-i create jobs)' });
    }
    return r.stdout.toString('utf8');
  }

  /** The context kubectl will use: the one given (it must exist), or the current one (there must be one). */
  async checkContext(): Promise<string> {
    if (this.target.context) {
      const r = await new Kubectl({ ...this.target, context: null, namespace: null }).raw(['config', 'get-contexts', '-o', 'name']);
      const names = r.stdout.toString('utf8').split('\n').map((s) => s.trim()).filter(Boolean);
      if (r.code !== 0 || !names.includes(this.target.context)) {
        throw new BenchError('USAGE', `fleet run: kubectl has no context '${this.target.context}'`, {
          hint: `pick one of: ${names.join(', ') || '(none configured)'} (kubectl config get-contexts), or fix KUBECONFIG`,
        });
      }
      return this.target.context;
    }
    const r = await this.raw(['config', 'current-context']);
    const name = r.stdout.toString('utf8').trim();
    if (r.code !== 0 || !name) {
      throw new BenchError('USAGE', 'fleet run: kubectl has no current context', {
        hint: 'choose one with kubectl config use-context NAME, or pass --context NAME (kubectl config get-contexts lists them)',
      });
    }
    return name;
  }
}
