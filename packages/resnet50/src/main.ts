/** ResNet50 command line: `performance` and `validate`. */
import { workloadMain } from '@modelbench/harness';
import { performance, resnet50PerformanceFlags } from './performance.ts';
import { validate } from './validate.ts';

workloadMain({ workload: 'resnet50', performance, validate, performanceExtraFlags: resnet50PerformanceFlags });
