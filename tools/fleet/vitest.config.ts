import { defineConfig } from 'vitest/config';

// Some tests start the CLI as a child process, and the container test runs the image, on a 2-core machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
