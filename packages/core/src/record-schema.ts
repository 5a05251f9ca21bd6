/** JSON schema (draft 2020-12) of RunRecord; `record.test.ts` checks that it and the type describe the same keys. */
const num = { type: 'number' } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const str = { type: 'string' } as const;

const latency = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['samples', 'minMs', 'maxMs', 'meanMs', 'sdMs', 'medianMs', 'p90Ms', 'p95Ms', 'p99Ms', 'rmePercent'],
  properties: {
    samples: { type: 'integer', minimum: 1 },
    minMs: num, maxMs: num, meanMs: num, sdMs: num, medianMs: num, p90Ms: num, p95Ms: num, p99Ms: num, rmePercent: num,
  },
} as const;

export const runRecordSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://modelbench.dev/schemas/run-record.json',
  title: 'modelbench RunRecord',
  type: 'object',
  additionalProperties: false,
  required: [
    'schemaVersion', 'status', 'mode', 'workload', 'startedAt', 'model', 'backend', 'environment', 'config', 'latency',
    'throughputSamplesPerSecond', 'gflopsPerSecond', 'efficiency', 'calibratedPeakGflopsPerSecond', 'peakRssBytes',
    'timers', 'profile', 'agreement', 'warnings', 'error',
  ],
  properties: {
    schemaVersion: { const: 1 },
    status: { enum: ['ok', 'error', 'skipped'] },
    mode: { enum: ['performance', 'validate'] },
    workload: str,
    startedAt: { type: 'string', format: 'date-time' },
    model: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['source', 'id', 'path', 'sha256', 'sizeBytes', 'parameters', 'macsPerSample', 'adapter'],
      properties: {
        source: str, id: str, path: str,
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        sizeBytes: { type: 'integer', minimum: 0 },
        parameters: { type: ['integer', 'null'] },
        macsPerSample: nullableNum,
        adapter: str,
      },
    },
    backend: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['id', 'runtime', 'runtimeVersion', 'provider', 'precision', 'execution', 'sessionOptions'],
      properties: {
        id: str, runtime: str, runtimeVersion: str, provider: str,
        precision: { enum: ['fp32', 'bf16'] },
        execution: { enum: ['native', 'emulated'] },
        sessionOptions: { type: 'object' },
      },
    },
    environment: {
      type: 'object',
      additionalProperties: false,
      required: ['cpu', 'os', 'node', 'totalMemoryBytes', 'hostname'],
      properties: {
        cpu: {
          type: 'object',
          additionalProperties: false,
          required: ['model', 'arch', 'logicalCores', 'physicalCores', 'flags'],
          properties: {
            model: str, arch: str,
            logicalCores: { type: 'integer', minimum: 1 },
            physicalCores: { type: 'integer', minimum: 1 },
            flags: { type: 'array', items: str },
          },
        },
        os: {
          type: 'object',
          additionalProperties: false,
          required: ['platform', 'release', 'type'],
          properties: { platform: str, release: str, type: str },
        },
        node: str,
        totalMemoryBytes: { type: 'integer' },
        hostname: str,
      },
    },
    config: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['batch', 'batchMode', 'warmupIterations', 'warmupMs', 'iterations', 'timeBudgetSeconds', 'threads', 'interOpThreads', 'input', 'extra'],
      properties: {
        batch: { type: 'integer', minimum: 1 },
        batchMode: { enum: ['tensor', 'sequential'] },
        warmupIterations: { type: 'integer', minimum: 0 },
        warmupMs: { type: 'number', minimum: 0 },
        iterations: { type: ['integer', 'null'] },
        timeBudgetSeconds: nullableNum,
        threads: { type: ['integer', 'null'] },
        interOpThreads: { type: ['integer', 'null'] },
        input: str,
        extra: { type: 'object' },
      },
    },
    latency,
    throughputSamplesPerSecond: nullableNum,
    gflopsPerSecond: nullableNum,
    efficiency: nullableNum,
    calibratedPeakGflopsPerSecond: nullableNum,
    peakRssBytes: { type: 'integer', minimum: 0 },
    timers: { type: 'object', additionalProperties: num },
    profile: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['tracePath', 'runs', 'modelRunMeanMs', 'operators'],
      properties: {
        tracePath: str,
        runs: { type: 'integer' },
        modelRunMeanMs: nullableNum,
        operators: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['opType', 'calls', 'totalMs', 'meanMs', 'percent'],
            properties: { opType: str, calls: { type: 'integer' }, totalMs: num, meanMs: num, percent: num },
          },
        },
      },
    },
    agreement: { type: ['object', 'null'] },
    warnings: { type: 'array', items: str },
    error: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['code', 'message'],
      properties: { code: str, message: str, hint: str },
    },
  },
} as const;
