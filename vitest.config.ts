import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real sharp and SQLite work on 2 cores: generous per-test time, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/real-photos/**'],
          environment: 'node',
          // `electron` is the fake of test/mocks/electron.ts in every file of this project.
          setupFiles: ['test/setup/electron-mock.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      // Only when the real photos were fetched (`npm run test:real-photos` does it first).
      ...(process.env.SHOEBOX_PHOTO_FIXTURES
        ? [
            {
              extends: true as const,
              test: {
                name: 'real-photos',
                include: ['test/real-photos/**/*.test.ts'],
                environment: 'node' as const,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: two cores, and each test drives a whole server.
          fileParallelism: false,
        },
      },
    ],
  },
});
