/**
 * The browser the HTML report test drives: MODELBENCH_CHROMIUM, else Debian's /usr/bin/chromium — installed here with
 * apt-get when it is missing and we may (root, apt-get present), so the README's test command needs no separate step.
 * Anywhere else the test fails with the command that fixes it: a skipped browser test would let the suite pass without
 * ever checking the report's charts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_INSTALL_TIMEOUT_MS = 15 * 60_000;

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: CHROMIUM_INSTALL_TIMEOUT_MS,
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.MODELBENCH_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`MODELBENCH_CHROMIUM is ${explicit}, which does not exist: point it at a Chrome/Chromium binary, or unset it`);
    return explicit;
  }
  const path = '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    throw new Error(
      `the HTML report test needs Chromium and ${path} is missing (${!hasApt ? 'no apt-get here' : 'not root, so it cannot install it'}): ` +
        'run `sudo apt-get update && sudo apt-get install -y chromium`, or set MODELBENCH_CHROMIUM to a Chrome/Chromium binary',
    );
  }
  console.warn(`${path} is missing: installing Debian's chromium with apt-get (once; a few minutes)`);
  const update = run('apt-get', ['update', '-qq']);
  const install = update.ok ? run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']) : update;
  if (!install.ok || !existsSync(path)) {
    const last = install.output.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`installing chromium with apt-get failed: ${last || 'no output'} — install it by hand (apt-get install -y chromium) or set MODELBENCH_CHROMIUM`);
  }
  return path;
}
