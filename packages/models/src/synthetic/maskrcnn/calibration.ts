/**
 * Measurements behind the predictor calibration (predictor.ts), as pure functions over the `diagnostics` outputs
 * (`box_features` [k, 1024], `class_logits` [k, 91]) of one image: the tests and the calibration both use them.
 */

/**
 * The std over proposals of u·f for a centred row u of i.i.d. unit-variance components, in expectation over u:
 * sqrt(E[uᵀΣu]) with u = z - mean(z), which is sqrt(trace(Σ) - 1ᵀΣ1 / d) for the covariance Σ of the features.
 */
export function unitRowStd(features: Float32Array, rows: number): number {
  const d = features.length / rows;
  let traceSum = 0;
  const sums = new Float64Array(rows);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += (features[i * d + j] as number) / rows;
    let variance = 0;
    for (let i = 0; i < rows; i++) {
      const v = features[i * d + j] as number;
      variance += (v - mean) ** 2 / rows;
      sums[i] = (sums[i] as number) + v;
    }
    traceSum += variance;
  }
  let sumMean = 0;
  for (const s of sums) sumMean += s / rows;
  let sumVariance = 0;
  for (const s of sums) sumVariance += (s - sumMean) ** 2 / rows;
  return Math.sqrt(Math.max(traceSum - sumVariance / d, 0));
}

/** Mean and std over proposals of one class's logit. */
export function logitStatistics(classLogits: Float32Array, rows: number, classId: number): { mean: number; std: number } {
  const classes = classLogits.length / rows;
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += (classLogits[i * classes + classId] as number) / rows;
  let variance = 0;
  for (let i = 0; i < rows; i++) variance += ((classLogits[i * classes + classId] as number) - mean) ** 2 / rows;
  return { mean, std: Math.sqrt(variance) };
}
