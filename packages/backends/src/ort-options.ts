/** Builds onnxruntime session options from our backend options (pure, so the option wiring is unit-tested). */
import type { BackendOptions, PrecisionPlan } from './types.ts';

export interface OrtSessionOptions {
  executionProviders: string[];
  graphOptimizationLevel: string;
  executionMode: 'sequential';
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  enableProfiling?: boolean;
  profileFilePrefix?: string;
  /** session config entries, nested by their dotted keys as onnxruntime-node flattens them back */
  extra: Record<string, unknown>;
}

/** `{'a.b.c': '1'}` → `{a: {b: {c: '1'}}}`: onnxruntime-node joins nested `extra` keys with dots. */
export function nestConfigEntries(entries: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    const parts = key.split('.');
    let node = root;
    parts.slice(0, -1).forEach((p) => {
      node = (node[p] ??= {}) as Record<string, unknown>;
    });
    node[parts[parts.length - 1] as string] = value;
  }
  return root;
}

export function configEntries(options: BackendOptions, precision: PrecisionPlan): Record<string, string> {
  const spin = options.spinning ? '1' : '0';
  return {
    'session.intra_op.allow_spinning': spin,
    'session.inter_op.allow_spinning': spin,
    ...precision.sessionConfig,
  };
}

export function buildOrtSessionOptions(provider: string, options: BackendOptions, precision: PrecisionPlan): OrtSessionOptions {
  const o: OrtSessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    executionMode: 'sequential',
    extra: nestConfigEntries(configEntries(options, precision)),
  };
  if (options.threads !== undefined) o.intraOpNumThreads = options.threads;
  if (options.interOpThreads !== undefined) o.interOpNumThreads = options.interOpThreads;
  if (options.profilePrefix !== undefined) {
    o.enableProfiling = true;
    o.profileFilePrefix = options.profilePrefix;
  }
  return o;
}
