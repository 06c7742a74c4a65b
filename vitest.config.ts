import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 1 s by default: on a loaded 2-core machine a browser test's screen took longer to draw
    // (the plan's original text with its marks) and failed a check that holds. Still a failure if it never holds.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
    // Each test file's temporary folders removed after it (a full run had left ~3,600 behind, some of 74 MB).
    setupFiles: ['./test/helpers/cleanup.ts'],
  },
});
