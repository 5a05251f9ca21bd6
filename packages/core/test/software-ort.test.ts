import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { captureEnvironment } from '../src/environment.ts';
import { loadedOnnxruntimeInfo } from '../src/software.ts';

describe('onnxruntime build info', () => {
  it('is null until this process loads onnxruntime-node, then its versions, log level and execution providers', () => {
    expect(loadedOnnxruntimeInfo()).toBeNull();
    expect(captureEnvironment().software.onnxruntime.env).toBeNull();
    const ort = createRequire(import.meta.url)('onnxruntime-node') as { env: { versions: { node: string } }; listSupportedBackends: () => { name: string }[] };
    const info = loadedOnnxruntimeInfo();
    expect(info).toEqual({ versions: ort.env.versions, logLevel: expect.any(String), executionProviders: ort.listSupportedBackends() });
    expect((info?.executionProviders as { name: string }[]).map((p) => p.name)).toContain('cpu');
    expect(captureEnvironment().software.onnxruntime.env).toEqual(info);
    // what a caller passes wins
    expect(captureEnvironment({ runtimeEnv: { mine: true } }).software.onnxruntime.env).toEqual({ mine: true });
  });
});
