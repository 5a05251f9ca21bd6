/** Mask R-CNN (R50-FPN) command line: `performance`, `validate`, `--help`, `--version`. */
import { workloadMain } from '@modelbench/harness';
import { maskRcnnWorkload } from './workload.ts';

workloadMain(maskRcnnWorkload);
