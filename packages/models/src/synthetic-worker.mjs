// Builds one built-in synthetic model in a worker thread: registers tsx's TypeScript loader in this thread (Node 20
// worker threads do not inherit the parent's --import hooks), then runs the build entry.
import { register } from 'tsx/esm/api';

register();
await import('./synthetic-build-entry.ts');
