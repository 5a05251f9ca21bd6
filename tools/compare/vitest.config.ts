import { defineConfig } from 'vitest/config';

// Some tests start child processes (the CLI, one real benchmark cell, a headless browser) on a 2-core machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
