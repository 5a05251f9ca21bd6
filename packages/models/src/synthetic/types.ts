export interface SyntheticModel {
  id: string;
  architecture: string;
  bytes: Uint8Array;
  /** trainable parameters, as the reference framework counts them */
  parameters: number;
  /** multiply-accumulates for one sample at the default input size */
  macsPerSample: number;
  /** anything else a workload needs to know about the generated model (calibrated counts, anchors, ...) */
  details?: Record<string, unknown>;
}
