import { defineConfig } from 'vitest/config';

// isolate: false — the test files run one after another in one worker and share its module cache, instead of each
// file paying a fresh worker and a fresh import of the workspace (about 1.4 s of CPU a file on the 2-core CI machine).
// vitest still restores every spy after each file.
export default defineConfig({ test: { isolate: false } });
