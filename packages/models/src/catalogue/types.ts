/**
 * The model catalogue's types. An entry is data: where the bytes come from, what they hash to, what the model's
 * inputs and outputs are, which workload runs it. Nothing here fetches or builds anything.
 */

export type WorkloadId = 'resnet50' | 'ssd' | 'maskrcnn' | 'bert';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['resnet50', 'ssd', 'maskrcnn', 'bert'];

/** Element types as onnxruntime names them. */
export type TensorElementType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export interface TensorSignature {
  name: string;
  type: TensorElementType;
  /** numbers are fixed, strings are symbolic (dynamic) dimensions */
  shape: readonly (number | string)[];
}

export interface IoSignature {
  inputs: readonly TensorSignature[];
  outputs: readonly TensorSignature[];
}

/** `onnx-model-zoo`: a pinned file of the ONNX Model Zoo; `export`: the original model exported by its publisher. */
export type RemoteSource = 'onnx-model-zoo' | 'export';
export type CatalogueSource = RemoteSource | 'synthetic';

export type Precision = 'fp32' | 'fp16' | 'int8' | 'int8-qdq';

/** What the cached file is: an ONNX model, or a file a model needs (a tokenizer). */
export type ArtifactKind = 'model' | 'tokenizer';
export type ArtifactFormat = 'onnx' | 'json';

export interface Pin {
  sha256: string;
  sizeBytes: number;
}

interface EntryBase {
  /** stable id; also the cache file's name, so it is restricted to [A-Za-z0-9._-] */
  id: string;
  workload: WorkloadId;
  title: string;
  license: string;
  /** I/O as published; absent where the publisher does not document it (read it from the file) */
  signature?: IoSignature;
  /** one paragraph: pre/post-processing facts an adapter needs */
  notes?: string;
  /**
   * id of the pre-processing preset the model was trained and evaluated with (`PREPROCESS_PRESETS` in
   * @modelbench/vision, e.g. 'torchvision-imagenet' = Resize 256 / CenterCrop 224, 'torchvision-imagenet-v2' =
   * Resize 232 / CenterCrop 224); the workload's default when no preset is asked for. Absent: the workload's own default.
   */
  preprocessPreset?: string;
}

export interface RemoteEntry extends EntryBase {
  source: RemoteSource;
  kind: ArtifactKind;
  format: ArtifactFormat;
  precision?: Precision;
  /** tried in order; any URL is acceptable because the bytes are checked against `pin` */
  urls: readonly string[];
  /** null: the publisher gives no hash; fetching needs `--allow-unpinned` and prints the computed sha256 */
  pin: Pin | null;
  /** the publisher's displayed size, for unpinned entries (shown by `models list`) */
  approxSizeBytes?: number;
  /** ids of entries fetched along with this one (a tokenizer) */
  companions?: readonly string[];
  /** where the pin comes from */
  provenance: string;
}

export interface SyntheticEntry extends EntryBase {
  source: 'synthetic';
  kind: 'model';
  format: 'onnx';
  precision: 'fp32';
  /** key in the synthetic builder registry; equals the workload */
  builder: WorkloadId;
}

export type CatalogueEntry = RemoteEntry | SyntheticEntry;

export function isRemote(entry: CatalogueEntry): entry is RemoteEntry {
  return entry.source !== 'synthetic';
}
