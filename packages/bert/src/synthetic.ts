/**
 * Makes sure the models package knows how to build the synthetic DistilBERT for the `bert` workload. The registry in
 * @modelbench/models may already list it; otherwise it is registered here at run time (same builder, same version).
 */
import * as models from '@modelbench/models';

export function ensureBertSyntheticBuilder(): void {
  if (models.findSyntheticBuilder('bert')) return;
  models.registerSyntheticBuilder(
    models.defineSyntheticBuilder({ workload: 'bert', version: models.DISTILBERT_BUILDER_VERSION, build: models.buildDistilBertQA }),
  );
}
