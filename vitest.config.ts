import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores here: keep parallelism modest so timing-sensitive hardware tests stay reliable.
    maxWorkers: 2,
  },
});
