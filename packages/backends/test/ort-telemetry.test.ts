/**
 * Issue 21 #12: a process that opens an onnxruntime-node session leaves no empty /tmp/mat-debug-<pid>.log; with the
 * user's ORT_DISABLE_TELEMETRY=0 it does (onnxruntime-node 1.30.0, linux), so the check can fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disableOrtTelemetryLog } from '../src/ort-telemetry.ts';

const child = join(import.meta.dirname, 'ort-telemetry-child.ts');

function sessionProcess(env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', env, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return join('/tmp', `mat-debug-${r.stdout.trim()}.log`);
}

describe('onnxruntime-node telemetry log', () => {
  it('sets ORT_DISABLE_TELEMETRY=1 unless the user set it', () => {
    const env: NodeJS.ProcessEnv = {};
    disableOrtTelemetryLog(env);
    expect(env.ORT_DISABLE_TELEMETRY).toBe('1');
    const mine: NodeJS.ProcessEnv = { ORT_DISABLE_TELEMETRY: '0' };
    disableOrtTelemetryLog(mine);
    expect(mine.ORT_DISABLE_TELEMETRY).toBe('0');
  });

  it.runIf(process.platform === 'linux')('no /tmp/mat-debug-<pid>.log after a session; one with ORT_DISABLE_TELEMETRY=0', () => {
    // onnxruntime writes no such file when CI is set (seen with CI=true, as .ci/run runs), so the control runs without it
    const { ORT_DISABLE_TELEMETRY: _, CI: _ci, ...base } = process.env;
    expect(existsSync(sessionProcess(base))).toBe(false);
    const left = sessionProcess({ ...base, ORT_DISABLE_TELEMETRY: '0' });
    expect(existsSync(left)).toBe(true);
    rmSync(left, { force: true });
  }, 120_000);
});
