/**
 * A private Docker daemon for the build-test: Debian's docker.io, installed when missing, started by hand on its
 * own socket, data root and exec root (nothing of a system Docker is touched), with no bridge and no iptables
 * rules (builds use the host network, test runs use none), and stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { run, which } from './proc.ts';

/** Docker cannot run here: the build-test skips, saying why. */
export class SkipError extends Error {
  override readonly name = 'SkipError';
}

export interface DaemonPaths {
  socket: string;
  dataRoot: string;
  execRoot: string;
  pidFile: string;
  logFile: string;
}

export function defaultDaemonPaths(logDir: string): DaemonPaths {
  return {
    socket: '/run/modelbench-docker/docker.sock',
    dataRoot: '/var/lib/modelbench-docker',
    execRoot: '/run/modelbench-docker/exec',
    pidFile: '/run/modelbench-docker/docker.pid',
    logFile: `${logDir}/dockerd.log`,
  };
}

export function dockerdArgs(p: DaemonPaths): string[] {
  return [
    '--host', `unix://${p.socket}`,
    '--data-root', p.dataRoot,
    '--exec-root', p.execRoot,
    '--pidfile', p.pidFile,
    '--bridge', 'none',
    '--iptables=false',
    '--ip-masq=false',
  ];
}

const REQUIRED_PACKAGES: Readonly<Record<string, string>> = { dockerd: 'docker.io', debootstrap: 'debootstrap' };

/** Installs docker.io / debootstrap with apt when their commands are missing. */
export async function ensurePackages(log: (line: string) => void): Promise<void> {
  const missing = Object.entries(REQUIRED_PACKAGES).filter(([cmd]) => which(cmd, ['/usr/sbin', '/sbin']) === undefined);
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  if (process.getuid?.() !== 0) throw new SkipError(`${pkgs.join(' and ')} missing, and installing them needs root (uid ${process.getuid?.()})`);
  const apt = which('apt-get');
  if (apt === undefined) throw new SkipError(`${pkgs.join(' and ')} missing and there is no apt-get to install them`);
  log(`installing ${pkgs.join(' ')} with apt-get (a few minutes, once)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['install', '-y', '-q', '--no-install-recommends', ...pkgs];
  let r = await run(apt, args, { env, timeoutMs: 15 * 60_000 });
  if (r.code !== 0) {
    await run(apt, ['update', '-q'], { env, timeoutMs: 10 * 60_000 });
    r = await run(apt, args, { env, timeoutMs: 15 * 60_000 });
  }
  if (r.code !== 0) throw new SkipError(`apt-get install ${pkgs.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Daemon {
  pid: number;
  paths: DaemonPaths;
  child: ChildProcess;
}

function logTail(path: string, lines = 8): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts dockerd and waits until it answers; {@link SkipError} when it cannot start here. */
export async function startDockerd(p: DaemonPaths, docker: string, readyTimeoutMs = 90_000): Promise<Daemon> {
  if (process.getuid?.() !== 0) throw new SkipError(`dockerd needs root; this runs as uid ${process.getuid?.()}`);
  const dockerd = which('dockerd', ['/usr/sbin', '/sbin']);
  if (dockerd === undefined) throw new SkipError('dockerd not found after installing docker.io');
  if (existsSync(p.pidFile)) {
    const old = Number(readFileSync(p.pidFile, 'utf8').trim());
    if (Number.isInteger(old) && old > 0 && alive(old)) {
      throw new SkipError(`another build-test's dockerd (pid ${old}) holds ${p.pidFile}; wait for it to finish`);
    }
  }
  for (const d of [dirname(p.socket), p.dataRoot, p.execRoot, dirname(p.logFile)]) mkdirSync(d, { recursive: true });
  const logFd = openSync(p.logFile, 'a');
  const child = spawn(dockerd, dockerdArgs(p), { stdio: ['ignore', logFd, logFd], detached: false });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new SkipError(`dockerd did not start: ${logTail(p.logFile)}`);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? 1;
  });
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new SkipError(`dockerd exited (${exited}) while starting; its log ends:\n${logTail(p.logFile)}`);
    const r = await run(docker, ['-H', `unix://${p.socket}`, 'version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
    if (r.code === 0) return { pid, paths: p, child };
    await new Promise((res) => setTimeout(res, 500));
  }
  process.kill(pid, 'SIGTERM');
  throw new SkipError(`dockerd did not answer within ${readyTimeoutMs / 1000} s; its log ends:\n${logTail(p.logFile)}`);
}

/** SIGTERM to our dockerd's PID, SIGKILL if it is still there after `graceMs`. */
export async function stopDockerd(d: Daemon, graceMs = 30_000): Promise<void> {
  if (!alive(d.pid)) return;
  const gone = new Promise<void>((res) => d.child.once('exit', () => res()));
  process.kill(d.pid, 'SIGTERM');
  const timeout = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), graceMs).unref());
  if ((await Promise.race([gone, timeout])) === 'timeout' && alive(d.pid)) process.kill(d.pid, 'SIGKILL');
}
