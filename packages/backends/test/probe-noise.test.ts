import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBE_MARK, attributeNoise, cleanReason, reasonWithNoise, summariseNativeLine } from '../src/probe-noise.ts';

// What onnxruntime-node 1.30.0 and Dawn printed on fd 2 while `npm run backends` probed on this machine (no GPU).
const ORT_BRIDGE =
  '\x1b[1;31m2026-12-01 10:29:47.724625085 [E:onnxruntime:onnxruntime-node, provider_bridge_ort.cc:2146 Create] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /x/libonnxruntime_providers_shared.so with error: /x/libonnxruntime_providers_shared.so: cannot open shared object file: No such file or directory';
const VULKAN = "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory";
const VULKAN_AT = '    at operator() (/build/Release/_deps/dawn-src/src/dawn/native/vulkan/BackendVk.cpp:368)';
const WEBGPU_REASON =
  '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters';

describe('native probe output', () => {
  it('names a missing shared library, and drops stack lines', () => {
    expect(summariseNativeLine(ORT_BRIDGE)).toBe('libonnxruntime_providers_shared.so not found');
    expect(summariseNativeLine(VULKAN)).toBe('libvulkan.so.1 not found (Vulkan)');
    expect(summariseNativeLine(VULKAN_AT)).toBeUndefined();
    expect(summariseNativeLine('\x1b[m')).toBeUndefined();
  });

  it('strips onnxruntime’s log prefix from other messages', () => {
    expect(summariseNativeLine('2026-12-01 10:29:47.7 [W:onnxruntime:ort, session.cc:1 Init] something odd')).toBe('something odd');
  });

  it('attributes each message to the probe that printed it, once', () => {
    const stderr = ['early', `${PROBE_MARK}ort-cuda`, ORT_BRIDGE, '\x1b[m', ORT_BRIDGE, `${PROBE_MARK}ort-webgpu`, VULKAN, VULKAN_AT, `${PROBE_MARK}`].join('\n');
    const noise = attributeNoise(stderr);
    expect(noise.get('')).toEqual(['early']);
    expect(noise.get('ort-cuda')).toEqual(['libonnxruntime_providers_shared.so not found']);
    expect(noise.get('ort-webgpu')).toEqual(['libvulkan.so.1 not found (Vulkan)']);
  });

  it('keeps an assertion’s message, not its C++ location and condition', () => {
    expect(cleanReason(WEBGPU_REASON)).toBe('Failed to get a WebGPU adapter: No supported adapters');
    expect(cleanReason('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library')).toBe(
      'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
    );
    expect(reasonWithNoise(WEBGPU_REASON, ['libvulkan.so.1 not found (Vulkan)'])).toBe(
      'Failed to get a WebGPU adapter: No supported adapters [native: libvulkan.so.1 not found (Vulkan)]',
    );
  });
});

describe('npm run backends', () => {
  const root = resolve(import.meta.dirname, '../../..');
  const cli = (args: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/backends/src/cli.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });

  it('--help prints the usage and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run backends/);
  });

  it('prints the table with nothing native on stderr before it', () => {
    const r = cli([]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ort-cpu\s+available/m);
    expect(r.stdout).not.toContain(String.fromCharCode(27));
  }, 240_000);

  it('an unexpected argument is one usage line, exit 2', () => {
    const r = cli(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toBe("error [USAGE]: backends: unexpected argument '--bogus'");
  });
});
