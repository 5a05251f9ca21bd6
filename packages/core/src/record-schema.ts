/**
 * The RunRecord, defined once with TypeBox: this object is the JSON schema (draft 2020-12) that ajv checks and that
 * `core:schema` writes to packages/core/schema/run-record.schema.json, and `Static<>` of it is the TypeScript type
 * (record.ts). A union on `status`: `ok` (error is null), `error` (error carries code, message and hint; any mode
 * name, since tools write them too) and `skipped` (error carries the reason and its code).
 */
import { Type } from '@sinclair/typebox';
import { EnvironmentSchema } from './environment-schema.ts';
import { AccuracyResultSchema, ScoreResultSchema, ValidateResultSchema } from './record-sections-schema.ts';
import { Closed, Doc, Nullable, NullableInteger, NullableNumber } from './schema-helpers.ts';

export const RECORD_SCHEMA_VERSION = 2 as const;

export const ModeSchema = Type.Union([Type.Literal('performance'), Type.Literal('validate'), Type.Literal('tune'), Type.Literal('accuracy'), Type.Literal('score')]);
export const PrecisionNameSchema = Type.Union([Type.Literal('fp32'), Type.Literal('bf16')]);
export const PrecisionExecutionSchema = Type.Union([Type.Literal('native'), Type.Literal('emulated')]);

export const ModelInfoSchema = Closed({
  source: Doc(Type.String(), 'synthetic | file | catalogue'),
  id: Type.String(),
  path: Type.String(),
  sha256: Doc(Type.String({ pattern: '^[0-9a-f]{64}$' }), 'sha256 of the bytes that ran'),
  sizeBytes: Type.Integer({ minimum: 0 }),
  parameters: NullableInteger,
  macsPerSample: Doc(NullableNumber, 'multiply-accumulates per sample; FLOPs = 2 × MACs'),
  adapter: Type.String(),
});

export const BackendInfoSchema = Closed({
  id: Type.String(),
  runtime: Type.String(),
  runtimeVersion: Type.String(),
  provider: Type.String(),
  precision: PrecisionNameSchema,
  execution: Doc(PrecisionExecutionSchema, 'how bf16 (or fp32) is computed: natively by the hardware, or emulated by rounding through bf16 in fp32'),
  sessionOptions: Type.Record(Type.String(), Type.Unknown()),
});

export const RunConfigSchema = Closed({
  batch: Type.Integer({ minimum: 1 }),
  batchMode: Doc(Type.Union([Type.Literal('tensor'), Type.Literal('sequential')]), 'how a batch reaches the model: one call with a batch dimension, or consecutive single-sample calls'),
  warmupIterations: Type.Integer({ minimum: 0 }),
  warmupMs: Type.Number({ minimum: 0 }),
  iterations: NullableInteger,
  timeBudgetSeconds: NullableNumber,
  threads: NullableInteger,
  interOpThreads: NullableInteger,
  input: Type.String(),
  extra: Type.Record(Type.String(), Type.Unknown()),
});

export const LatencyStatsSchema = Closed({
  samples: Type.Integer({ minimum: 1 }),
  minMs: Type.Number(),
  maxMs: Type.Number(),
  meanMs: Type.Number(),
  sdMs: Type.Number(),
  medianMs: Type.Number(),
  p90Ms: Doc(NullableNumber, 'LoadGen\'s sorted[floor(0.90 n)]; null below 10 samples'),
  p95Ms: Doc(NullableNumber, 'LoadGen\'s sorted[floor(0.95 n)]; null below 20 samples'),
  p99Ms: Doc(NullableNumber, 'LoadGen\'s sorted[floor(0.99 n)]; null below 100 samples'),
  rmePercent: Type.Number(),
});

export const ProfileSummaryRowSchema = Closed({
  opType: Type.String(),
  calls: Type.Integer(),
  totalMs: Type.Number(),
  meanMs: Type.Number(),
  percent: Type.Number(),
});

export const ProfileInfoSchema = Closed({
  tracePath: Type.String(),
  runs: Type.Integer(),
  modelRunMeanMs: NullableNumber,
  operators: Type.Array(ProfileSummaryRowSchema),
});

export const ErrorInfoSchema = Closed({
  code: Doc(Type.String({ minLength: 1 }), 'an ErrorCode of @modelbench/core, or one of a tool (for a skipped cell: BACKEND_UNAVAILABLE, EMULATED_ONLY, …)'),
  message: Type.String(),
  hint: Type.Optional(Type.String()),
});

/** Milliseconds from the start of a scenario's timed phase, one per query (offline: per sample). */
const MsList = Type.Array(Type.Number());
const Open = <P extends Parameters<typeof Type.Object>[0]>(properties: P, description: string) => Type.Object(properties, { additionalProperties: true, description });

/**
 * A scenario's headline (@modelbench/loadgen's HeadlineMetric): MLPerf's metric, the submission checker's result field,
 * with the plain percentile beside it; compare and fleet rank scenario cells on `value` in the `better` direction.
 */
export const HeadlineSchema = Closed(
  {
    mlperfName: Doc(Type.String(), 'MLPerf\'s name for the figure, e.g. "Early stopping 90th percentile estimate"'),
    mlperfKey: Doc(
      Type.Union([Type.Literal('early_stopping_latency_ss'), Type.Literal('early_stopping_latency_ms'), Type.Literal('result_completed_samples_per_sec'), Type.Literal('result_samples_per_second')]),
      'the mlperf_log_detail.txt key the submission checker reads',
    ),
    value: Doc(NullableNumber, 'null when it could not be computed (see missing)'),
    unit: Type.Union([Type.Literal('ms'), Type.Literal('samples/s')]),
    better: Type.Union([Type.Literal('lower'), Type.Literal('higher')]),
    plain: Doc(Nullable(Closed({ name: Type.String(), value: NullableNumber, unit: Type.Literal('ms') })), 'the plain percentile shown beside it (offline: none)'),
    missing: Type.Optional(Doc(Type.String(), 'why value is null')),
  },
  'MLPerf\'s headline metric of the scenario, with the plain percentile beside it',
);

/**
 * A load scenario's result (@modelbench/loadgen's ScenarioResult): typed where tools read it, open elsewhere so
 * loadgen can add figures without a schema version.
 */
export const ScenarioResultSchema = Open(
  {
    scenario: Type.Union([Type.Literal('single-stream'), Type.Literal('multi-stream'), Type.Literal('offline'), Type.Literal('server')]),
    settings: Open({ instances: Type.Integer({ minimum: 1 }), threadsPerInstance: Type.Integer({ minimum: 1 }), samplesPerQuery: Type.Integer({ minimum: 1 }), pin: Type.Boolean() }, 'the resolved scenario settings'),
    instances: Type.Array(Open({ index: Type.Integer({ minimum: 0 }), calls: Type.Integer({ minimum: 0 }), samples: Type.Integer({ minimum: 0 }) }, 'one instance: its calls, samples, busy time, CPUs')),
    totals: Open({ queries: Type.Integer({ minimum: 0 }), samples: Type.Integer({ minimum: 0 }), durationMs: Type.Number({ minimum: 0 }), samplesPerSecond: Type.Number({ minimum: 0 }) }, 'all instances together'),
    latency: Type.Record(Type.String(), Type.Number()),
    raw: Closed(
      { scheduledMs: MsList, issuedMs: MsList, latencyMs: MsList, sampleDoneMs: Type.Optional(MsList) },
      'every query: when it was due, when it was issued, its latency (due → done); offline: every sample\'s completion',
    ),
    validity: Open({ verdict: Type.Union([Type.Literal('VALID'), Type.Literal('INVALID')]), reasons: Type.Array(Type.String()) }, 'MLPerf-style validity with one reason per failed check'),
    warnings: Type.Array(Type.String()),
    headline: Type.Optional(HeadlineSchema),
  },
  'a load scenario run (--scenario): settings, per-instance and total figures, raw latencies, validity',
);

/** One configuration of a `tune` search: instances × intra-op threads × batch (samples per call). */
const TuneCellSchema = Closed({ instances: Type.Integer({ minimum: 1 }), threads: Type.Integer({ minimum: 1 }), batch: Type.Integer({ minimum: 1 }) });

/** A measured figure of a tune cell (higher is better) with its interval; null bounds: none known. */
const TuneFigureSchema = Closed({
  value: Type.Number(),
  low: NullableNumber,
  high: NullableNumber,
  valid: Type.Boolean(),
  note: Type.Optional(Type.String()),
});

export const TuneObjectiveSchema = Closed({
  objective: Doc(Type.Union([Type.Literal('offline'), Type.Literal('server')]), 'offline: samples/s; server: the highest QPS whose p99 meets the bound (VALID)'),
  unit: Type.String(),
  interval: Doc(Type.String(), 'what low/high are: a 95 % interval of the mean rate, or find-peak\'s bracket'),
  method: Doc(Type.String(), 'the search: successive halving, its rounds'),
  latencyBoundMs: NullableNumber,
  budgetSeconds: Type.Number({ minimum: 0 }),
  spentSeconds: Type.Number({ minimum: 0 }),
  stoppedBy: Type.Union([Type.Literal('complete'), Type.Literal('budget')]),
  roundSizes: Type.Array(Type.Integer({ minimum: 1 })),
  trials: Type.Array(
    Closed({ cell: TuneCellSchema, round: Type.Integer({ minimum: 0 }), durationMs: Type.Number({ minimum: 0 }), spentMs: Type.Number({ minimum: 0 }), figure: TuneFigureSchema }),
  ),
  best: Closed({ cell: TuneCellSchema, figure: TuneFigureSchema }),
  runnerUp: Nullable(Closed({ cell: TuneCellSchema, figure: TuneFigureSchema })),
  margin: Nullable(Closed({ ratio: Type.Number(), tied: Type.Boolean(), reason: Type.String() })),
  coresRule: Doc(TuneCellSchema, 'what --instances auto gave before this tuning: physical cores / threads'),
});

export const TuneResultSchema = Closed({
  objectives: Type.Array(TuneObjectiveSchema),
  savedTo: Doc(Nullable(Type.String()), 'the tuning file --instances auto reads on this machine for this model (null: not saved)'),
  machineKey: Doc(Type.String(), 'CPU model and physical cores, the machine the result is for'),
  notes: Type.Array(Type.String()),
  confirm: Type.Optional(
    Doc(
      Closed({
        seconds: Type.Number({ minimum: 0 }),
        rows: Type.Array(Closed({ cell: TuneCellSchema, figure: TuneFigureSchema })),
        baseline: Closed({ cell: TuneCellSchema, figure: TuneFigureSchema }),
        margin: Closed({ ratio: Type.Number(), tied: Type.Boolean(), reason: Type.String() }),
      }),
      '--confirm-s: the offline best, 1 × cores and cores × 1 (at its batch and at 1) measured for equal times after the search; the best of one-session-or-one-thread splits is the baseline',
    ),
  ),
});

/** How the plain timed loop ended and how busy the machine was while it ran. */
export const LoopInfoSchema = Closed({
  stopReason: Doc(
    Type.Union([Type.Literal('iterations'), Type.Literal('time-budget'), Type.Literal('rme-target'), Type.Literal('max-duration')]),
    'iterations: the count asked for was reached; time-budget: the budget was spent (after the minimum iterations); rme-target: the 95 % margin of error reached its target; max-duration: --target-rme was not reached in time',
  ),
  minIterations: Type.Integer({ minimum: 1 }),
  maxIterations: NullableInteger,
  timeBudgetSeconds: NullableNumber,
  targetRmePercent: NullableNumber,
  timedSeconds: Type.Number({ minimum: 0 }),
  othersBusyPercent: Doc(NullableNumber, 'share of all CPU time other processes used during the timed loop (null: unknown off Linux)'),
  loadAverage1m: Doc(Type.Array(Type.Number()), 'the 1-minute load average before and after the timed loop'),
  sessionLoadMs: Doc(NullableNumber, 'opening the inference session (model parse, graph optimisation, kernel setup)'),
  efficiencyRange: Doc(Nullable(Closed({ low: Type.Number(), high: Type.Number() })), 'efficiency against the slowest and fastest GEMM calibration run, interleaved with the timed loop'),
});

/** The keys every record has, whatever its status; the shared parts are named definitions ($defs) of the module. */
const common = {
  schemaVersion: Doc(Type.Literal(RECORD_SCHEMA_VERSION), 'the version of this schema the record follows'),
  workload: Type.String(),
  startedAt: Doc(Type.String({ format: 'date-time' }), 'when the run started'),
  model: Nullable(Type.Ref('ModelInfo')),
  backend: Nullable(Type.Ref('BackendInfo')),
  environment: Doc(Type.Ref('Environment'), 'the machine, its software and its load around the run (provenance)'),
  config: Nullable(Type.Ref('RunConfig')),
  latency: Doc(Nullable(Type.Ref('LatencyStats')), 'summary of the latency of one batch, milliseconds'),
  samplesMs: Doc(Type.Array(Type.Number({ minimum: 0 })), 'every timed iteration (one batch each), milliseconds, in run order; warm-up excluded'),
  callSamplesMs: Doc(Nullable(Type.Array(Type.Number({ minimum: 0 }))), 'sequential batches: the latency of every single-sample call of the timed iterations, in order; null otherwise'),
  throughputSamplesPerSecond: NullableNumber,
  gflopsPerSecond: Doc(NullableNumber, 'model FLOPs per second at the median latency, in GFLOP/s'),
  efficiency: Doc(NullableNumber, 'achieved FLOP/s over the calibrated fp32 GEMM peak of this backend, 0..1'),
  calibratedPeakGflopsPerSecond: NullableNumber,
  peakRssBytes: Type.Integer({ minimum: 0 }),
  timers: Type.Record(Type.String(), Type.Number()),
  profile: Nullable(Type.Ref('ProfileInfo')),
  agreement: Nullable(Type.Record(Type.String(), Type.Unknown())),
  warnings: Type.Array(Type.String()),
  scenario: Type.Optional(Doc(Type.Ref('ScenarioResult'), 'performance --scenario: the load scenario\'s result; absent for the plain timed loop')),
  tune: Type.Optional(Doc(Type.Ref('TuneResult'), 'tune: every configuration tried, the best and its margin, where the result was saved')),
  loop: Type.Optional(Doc(Type.Ref('LoopInfo'), 'the plain timed loop: how it stopped, how busy the machine was, the session load time')),
  validate: Type.Optional(Doc(Type.Ref('ValidateResult'), 'validate: both sessions, their agreement and the verdict (model and backend are the candidate\'s)')),
  accuracy: Type.Optional(Doc(Type.Ref('AccuracyResult'), 'accuracy: both precisions\' scores, the 99 % rule\'s verdict, where the predictions are')),
  score: Type.Optional(Doc(Type.Ref('ScoreResult'), 'accuracy:score: the predictions rescored from their files (no model ran: model and backend are null)')),
};

const definitions = Type.Module({
  ModelInfo: ModelInfoSchema,
  BackendInfo: BackendInfoSchema,
  RunConfig: RunConfigSchema,
  LatencyStats: LatencyStatsSchema,
  ProfileInfo: ProfileInfoSchema,
  ScenarioResult: ScenarioResultSchema,
  TuneResult: TuneResultSchema,
  LoopInfo: LoopInfoSchema,
  ValidateResult: ValidateResultSchema,
  AccuracyResult: AccuracyResultSchema,
  ScoreResult: ScoreResultSchema,
  ErrorInfo: ErrorInfoSchema,
  Environment: EnvironmentSchema,
  OkRecord: Closed({ ...common, status: Type.Literal('ok'), mode: ModeSchema, error: Type.Null() }, 'a run that completed'),
  ErrorRecord: Closed(
    { ...common, status: Type.Literal('error'), mode: Type.String({ minLength: 1 }), error: Type.Ref('ErrorInfo') },
    'a run that failed after its command line parsed; carries what was known when it failed',
  ),
  SkippedRecord: Closed(
    { ...common, status: Type.Literal('skipped'), mode: ModeSchema, error: Type.Ref('ErrorInfo') },
    'a run that could not happen here; `error` holds the reason and its code',
  ),
  RunRecord: Type.Union([Type.Ref('OkRecord'), Type.Ref('ErrorRecord'), Type.Ref('SkippedRecord')]),
});

export const RUN_RECORD_SCHEMA_ID = 'https://modelbench.dev/schemas/run-record.json';

export const OkRecordSchema = definitions.Import('OkRecord');
export const ErrorRecordSchema = definitions.Import('ErrorRecord');
export const SkippedRecordSchema = definitions.Import('SkippedRecord');

/** The whole union with every definition under $defs: what ajv compiles and what the schema file holds. */
export const runRecordSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: RUN_RECORD_SCHEMA_ID,
  title: 'modelbench RunRecord',
  ...definitions.Import('RunRecord'),
};

/** The id of each variant's definition inside runRecordSchema ($defs ids resolve against the schema's $id). */
export const RECORD_VARIANT_IDS = {
  ok: new URL('OkRecord', RUN_RECORD_SCHEMA_ID).href,
  error: new URL('ErrorRecord', RUN_RECORD_SCHEMA_ID).href,
  skipped: new URL('SkippedRecord', RUN_RECORD_SCHEMA_ID).href,
} as const;
