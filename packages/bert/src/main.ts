/** BERT (DistilBERT SQuAD question answering) command line: `performance`, `validate`, `--help`, `--version`. */
import { workloadMain } from '@modelbench/harness';
import { bertWorkload } from './workload.ts';

workloadMain(bertWorkload);
