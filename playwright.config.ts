import { randomBytes } from 'node:crypto'
import { defineConfig, devices } from '@playwright/test'

/**
 * Journeys run against the BUILT app (`npm run build` first; `npm test` does it), on its own
 * port and its own database: E2E_DATABASE_URL for PostgreSQL (demo data is seeded into it),
 * otherwise a fresh PGlite folder.
 */
const port = Number(process.env.E2E_PORT ?? 3210)
const baseURL = `http://localhost:${port}`
const databaseUrl = process.env.E2E_DATABASE_URL
process.env.E2E_RUN ??= randomBytes(4).toString('hex')
const dataDir = `./data/e2e-${process.env.E2E_RUN}`

export default defineConfig({
  testDir: './tests/e2e',
  // Two files at a time; the tests of one file keep their order (some build on the state an
  // earlier one left). Journeys that change data make their own people, initiatives and listings
  // (uniqueEmail, signUp) or act on demo rows no other file changes, so files do not collide.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'de-DE',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `rm -rf ${dataDir} ${dataDir}.lock && exec node scripts/server.mjs`,
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      // Each test speaks from its own address (X-Forwarded-For), as behind a proxy, so that
      // per-IP rate limits of one test do not spill into the next.
      TRUST_PROXY: 'loopback',
      // one JSON line per request would bury the test report: warnings and errors only
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, SEED_DEMO: '1' } : { DATABASE_URL: '', PGLITE_DATA_DIR: dataDir }),
    },
  },
})
