import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: 'node',
    include: ['app/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/http/**/*.test.ts', 'db/**/*.test.ts'],
    hookTimeout: 60_000,
    testTimeout: 30_000,
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/fail-on-console.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
})
