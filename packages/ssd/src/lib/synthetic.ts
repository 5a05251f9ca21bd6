import * as models from '@modelbench/models';

/** Builder options from the --candidates flag: none at the default, so the default model has one cache entry. */
export function ssdSyntheticOptions(candidates: number | undefined): Record<string, number> {
  return candidates === undefined || candidates === models.SSD300_DEFAULT_CANDIDATES ? {} : { candidates };
}
