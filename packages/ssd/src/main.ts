/** SSD (SSD300-VGG16) command line: `performance` and `validate`. */
import { workloadMain } from '@modelbench/harness';
import { performance, ssdPerformanceFlags } from './performance.ts';
import { validate } from './validate.ts';

workloadMain({ workload: 'ssd', performance, validate, performanceExtraFlags: ssdPerformanceFlags });
