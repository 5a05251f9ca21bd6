// Starts an instance: registers tsx's TypeScript loader in this thread or process (Node 20 worker threads do not
// inherit the parent's --import hooks), then loads the instance itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
