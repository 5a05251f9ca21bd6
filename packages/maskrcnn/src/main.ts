/** Mask R-CNN (R50-FPN) command line: `performance` and `validate`. */
import { workloadMain } from '@modelbench/harness';
import { maskRcnnPerformanceFlags, performance } from './performance.ts';
import { validate } from './validate.ts';

workloadMain({ workload: 'maskrcnn', performance, validate, performanceExtraFlags: maskRcnnPerformanceFlags });
