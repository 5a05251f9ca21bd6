/** Seeded standard-normal input (what the original fed: torch.randn of the model's shape). */
import { Rng } from '@modelbench/models';

export function randomNormal(count: number, seed: number): Float32Array {
  return new Rng(0x5eed ^ seed).fillNormal(new Float32Array(count), 0, 1);
}
