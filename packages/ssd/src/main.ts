/** SSD (SSD300-VGG16) command line: `performance`, `validate`, `--help`, `--version`. */
import { workloadMain } from '@modelbench/harness';
import { ssdWorkload } from './workload.ts';

workloadMain(ssdWorkload);
