/** ResNet50 command line: `performance` (and `validate`). */
import { workloadMain } from '@modelbench/harness';
import { performance, resnet50PerformanceFlags } from './performance.ts';

workloadMain({ workload: 'resnet50', performance, performanceExtraFlags: resnet50PerformanceFlags });
