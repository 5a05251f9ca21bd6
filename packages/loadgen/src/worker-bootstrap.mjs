// Starts an instance: registers tsx's TypeScript loader in this thread or process (Node 20 worker threads do not
// inherit the parent's --import hooks), then loads the instance itself — or, in a thread started with workerData
// { role: 'issuer' }, a scenario's issuer (issuer-entry.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
if (workerData?.role === 'issuer') await import('./issuer-entry.ts');
else await import('./worker-entry.ts');
