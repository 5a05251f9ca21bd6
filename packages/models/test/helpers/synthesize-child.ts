/** `node --import tsx synthesize-child.ts CACHE_DIR`: builds the default synthetic ResNet50 into CACHE_DIR, as `models synthesize` does. */
import { getSyntheticModel } from '../../src/synthetic-cache.ts';

await getSyntheticModel('resnet50', { cacheDir: process.argv[2]! });
process.stdout.write('built\n');
