/** ResNet50 command line: `performance`, `validate`, `--help`, `--version`. */
import { workloadMain } from '@modelbench/harness';
import { resnet50Workload } from './workload.ts';

workloadMain(resnet50Workload);
