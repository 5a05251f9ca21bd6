/**
 * Makes sure the models package can build the synthetic SSD300-VGG16 for the `ssd` workload: registered here at run
 * time when the registry does not list it yet (same builder, same version, so the same cache entry).
 */
import * as models from '@modelbench/models';

export function ensureSsdSyntheticBuilder(): void {
  if (models.findSyntheticBuilder('ssd')) return;
  models.registerSyntheticBuilder(models.defineSyntheticBuilder({ workload: 'ssd', version: models.SSD300_BUILDER_VERSION, build: models.buildSsd300Vgg16 }));
}

/** Builder options from the --candidates flag: none at the default, so the default model has one cache entry. */
export function ssdSyntheticOptions(candidates: number | undefined): Record<string, number> {
  return candidates === undefined || candidates === models.SSD300_DEFAULT_CANDIDATES ? {} : { candidates };
}
