import { defineConfig } from 'vitest/config';

// Some tests start the CLI as a child process, and the container test runs the image, on a 2-core machine.
// isolate: false — the test files run one after another in one worker and share its module cache, instead of each
// file paying a fresh worker and a fresh import of the workspace (about 1.4 s of CPU a file).
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000, isolate: false } });
