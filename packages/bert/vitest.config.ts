import { defaultExclude, defineConfig } from 'vitest/config';

// isolate: false — the test files run one after another in one worker and share its module cache, instead of each
// file paying a fresh worker and a fresh import of the workspace (about 1.4 s of CPU a file on the 2-core CI machine).
// vitest still restores every spy after each file. The file that replaces a module with vi.mock keeps a fresh module
// cache of its own (a shared cache may already hold the real module), so it runs as a second, isolated project.
const mocked = ['test/pipeline-features.test.ts'];
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'bert', isolate: false, exclude: [...defaultExclude, ...mocked] } },
      { extends: true, test: { name: 'bert-mocked', isolate: true, include: mocked } },
    ],
  },
});
