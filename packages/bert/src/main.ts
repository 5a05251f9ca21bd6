/** BERT (DistilBERT SQuAD question answering) command line: `performance` and `validate`. */
import { workloadMain } from '@modelbench/harness';
import { bertPerformanceFlags, performance } from './performance.ts';
import { validate } from './validate.ts';

workloadMain({ workload: 'bert', performance, validate, performanceExtraFlags: bertPerformanceFlags });
