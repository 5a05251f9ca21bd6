/**
 * The typed sections of a RunRecord that `validate` and `accuracy` fill (record-schema.ts registers them as the
 * `ValidateResult` and `AccuracyResult` definitions): one record per run, whatever the mode, its metrics here.
 * Figures a run could not compute (NaN, an infinite ratio) are written by JSON as null, so they are nullable.
 */
import { Type } from '@sinclair/typebox';
import { Closed, Doc, Nullable, NullableInteger, NullableNumber, NullableString } from './schema-helpers.ts';

/** One side of a comparison: the model that ran (its adapter), the backend and precision, the operator profile. */
const ValidateSideSchema = Closed({
  model: Type.Ref('ModelInfo'),
  backend: Type.Ref('BackendInfo'),
  profile: Nullable(Type.Ref('ProfileInfo')),
});

/** One agreement criterion: a metric's value against a threshold in a direction. */
const AgreementCheckSchema = Closed({
  metric: Type.String(),
  value: Doc(NullableNumber, 'null: the metric could not be computed (NaN), which never passes'),
  threshold: Type.Number(),
  direction: Doc(Type.Union([Type.Literal('min'), Type.Literal('max')]), 'min: value ≥ threshold passes; max: value ≤ threshold'),
  passed: Type.Boolean(),
});

/** How the system under test that made a mode's predictions was hosted (loadgen's accuracy mode issued its calls). */
const SutHostSchema = Closed({
  host: Doc(Type.Union([Type.Literal('worker-thread'), Type.Literal('child-process'), Type.Literal('in-process')]), 'where the SUT ran: a loadgen worker thread (as the scenarios run it) or this process\'s thread'),
  instances: Type.Integer({ minimum: 1 }),
  threadsPerInstance: Type.Integer({ minimum: 1 }),
});

export const ValidateResultSchema = Closed(
  {
    compared: Doc(Type.String(), "what was set against what: 'fp32 vs bf16 (emulated)', 'fp32 vs fp32 (repeat)'"),
    samples: Type.Integer({ minimum: 1 }),
    sut: Doc(SutHostSchema, 'the SUT both sessions ran in (the same for each)'),
    reference: Doc(ValidateSideSchema, 'the fp32 session'),
    candidate: Doc(ValidateSideSchema, 'the candidate session (bf16 with --bf16, else a second fp32 session); the record\'s model and backend are its'),
    agreement: Closed({
      candidate: Doc(Type.String(), 'the candidate\'s label'),
      checks: Type.Array(AgreementCheckSchema),
      passed: Type.Boolean(),
      failures: Type.Optional(Doc(Type.Array(Type.String()), 'failures that are not a number against a threshold (e.g. nothing was compared)')),
      details: Doc(Type.Unknown(), 'the workload\'s agreement figures (per sample, totals), without bulky parts'),
    }),
    verdict: Doc(Type.Union([Type.Literal('PASS'), Type.Literal('FAIL')]), 'PASS when every check passed and nothing else failed (exit 0), else FAIL (exit 1)'),
    failures: Doc(Type.Array(Type.String()), 'what failed, one phrase each (empty on PASS)'),
  },
  'validate: fp32 and the candidate on the same samples, their agreement and the verdict',
);

/** One scored predictions folder: its manifest, what made it, and its scores (accuracy adds the backend that ran,
 * `accuracy:score` the notes). */
const scoredFolderFields = {
  manifest: Doc(Type.String(), 'the manifest.json of the predictions folder'),
  precision: Type.String(),
  precisionMode: Doc(NullableString, 'native | emulated; null for fp32'),
  model: Closed({ id: NullableString, path: Type.String(), sha256: Type.String() }),
  metrics: Doc(Type.Record(Type.String(), NullableNumber), 'metric name → value (percent, except thresholds), in display order'),
  count: Type.Integer({ minimum: 0 }),
};

/** One precision's scored predictions (the `score` step's view of its folder) and the backend that made them. */
const ScoredSideSchema = Closed({ backend: Type.Ref('BackendInfo'), ...scoredFolderFields });

/** The MLPerf accuracy rule for one metric: candidate ≥ fraction × fp32. */
const AccuracyRuleSchema = Closed({
  pass: Type.Boolean(),
  metric: Type.String(),
  reference: Doc(Type.Number(), 'the fp32 score'),
  candidate: Type.Number(),
  ratio: Doc(NullableNumber, 'candidate / fp32 (1 when both are 0; null: fp32 0 and the candidate not)'),
  fraction: Doc(Type.Number(), 'the share of fp32 the candidate had to reach (0.99, 0.999 or --threshold)'),
  required: Doc(Type.Number(), 'fraction × fp32'),
  comparable: Doc(Type.Boolean(), 'false when fp32 scores 0: the rule says nothing (n/a)'),
});

export const AccuracyResultSchema = Closed(
  {
    task: Doc(Type.String(), 'imagenet | coco-bbox | coco-segm | squad: how the predictions are scored'),
    dataset: Doc(Type.Object({ path: Type.String(), sha256: Type.String() }, { additionalProperties: true }), 'the data set and the sha256 of its ground truth'),
    subset: Closed({ offset: Type.Integer({ minimum: 0 }), limit: NullableInteger, count: Type.Integer({ minimum: 0 }) }),
    synthetic: Doc(Type.Boolean(), 'seeded weights: the scores mean nothing, only fp32 against the candidate does'),
    adapter: Type.String(),
    candidateLabel: Doc(Type.String(), "'bf16 (emulated)', 'fp32 (repeat)', …"),
    resumed: Doc(Type.Integer({ minimum: 0 }), 'samples an earlier run had already predicted (reused)'),
    outDir: Type.String(),
    sut: Doc(SutHostSchema, 'the SUT each precision ran in (the same for each)'),
    reference: Doc(ScoredSideSchema, 'fp32, scored from its files'),
    candidate: Doc(ScoredSideSchema, 'the candidate, scored from its files'),
    ruleMetrics: Doc(Type.Array(Type.String()), 'the metrics the rule is applied to (top-1; F1; bbox AP and, for masks, segm AP)'),
    rules: Type.Array(AccuracyRuleSchema),
    verdict: Doc(Nullable(Type.Union([Type.Literal('PASS'), Type.Literal('FAIL'), Type.Literal('n/a')])), 'FAIL when a comparable metric fails (exit 1); n/a when fp32 scored 0; null: no rule metric'),
    changes: Nullable(Closed({ kind: Type.String(), count: Type.Integer({ minimum: 0 }), file: NullableString })),
  },
  'accuracy: a data set through fp32 and the candidate, scored as MLPerf scores it, and the 99 % rule',
);

/** One run folder as `accuracy:score` read it: its manifest, what made it, and its scores (no backend: none ran). */
const ScoreSideSchema = Closed({ ...scoredFolderFields, notes: Type.Array(Type.String()) });

/** `accuracy:score RUN [--reference FP32_RUN]`: a suite accuracy run rescored from its files and the ground truth. */
const ScoreRunsSchema = Closed(
  {
    form: Type.Literal('run'),
    task: Doc(Type.String(), 'imagenet | coco | squad: how the predictions are scored'),
    dataset: Doc(Type.Object({ path: Type.String(), sha256: Type.String() }, { additionalProperties: true }), 'the data set and the sha256 of its ground truth (from the manifest, checked)'),
    subset: Closed({ offset: Type.Integer({ minimum: 0 }), limit: NullableInteger, count: Type.Integer({ minimum: 0 }) }),
    reference: Doc(Nullable(ScoreSideSchema), 'the fp32 run given with --reference; null without one'),
    candidate: ScoreSideSchema,
    ruleMetrics: Doc(Type.Array(Type.String()), 'the metrics the rule is applied to (top-1; F1; bbox AP and, for masks, segm AP)'),
    rules: Doc(Type.Array(AccuracyRuleSchema), 'one per rule metric; empty without --reference'),
    verdict: Doc(Nullable(Type.Union([Type.Literal('PASS'), Type.Literal('FAIL'), Type.Literal('n/a')])), 'FAIL when a comparable metric fails (exit 1); n/a when fp32 scored 0; null: no reference'),
    changes: Nullable(Closed({ kind: Type.String(), count: Type.Integer({ minimum: 0 }), file: NullableString })),
  },
  'a run folder (and its fp32 reference) rescored',
);

/** `accuracy:score --annotations A --results R | --dataset D --predictions P | --labels L --predictions P`. */
const ScoreFilesSchema = Closed(
  {
    form: Type.Literal('files'),
    task: Doc(Type.String(), 'coco | squad | imagenet: which reference tool\'s scoring'),
    files: Doc(Type.Record(Type.String(), Type.String()), 'the files scored, by role'),
    metrics: Doc(Type.Record(Type.String(), NullableNumber), 'metric → value as the reference tool reports it (COCOeval\'s 12 stats, the SQuAD script\'s JSON, top-1/top-5 percent)'),
    count: Type.Integer({ minimum: 0 }),
    notes: Type.Array(Type.String()),
  },
  'the standard files scored directly, in the reference tools\' terms',
);

export const ScoreResultSchema = Doc(
  Type.Union([ScoreRunsSchema, ScoreFilesSchema]),
  'accuracy:score: predictions rescored from their files alone (a run folder, or the standard files)',
);
