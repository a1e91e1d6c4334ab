#!/usr/bin/env node
// The one test command (`npm test`): unit + integration tests (vitest), then the built app's
// journeys in Chromium (Playwright). Without DATABASE_URL everything runs on PGlite; with it,
// everything runs on that PostgreSQL server (in fresh databases that are dropped afterwards).
// Flags: --unit (vitest only), --e2e (journeys only), --smoke (of the journeys only those tagged
// @smoke: CI runs the full set once on PostgreSQL and this short one on PGlite),
// --no-build (the build of a previous step is reused; CI's second step).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { randomBytes } from 'node:crypto'

const say = (line) => console.log(`\n▶ ${line}`)
const run = (cmd, args, env = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}
const only = process.argv.includes('--unit') ? 'unit' : process.argv.includes('--e2e') ? 'e2e' : 'all'
const smokeOnly = process.argv.includes('--smoke')
const build = !process.argv.includes('--no-build') || !existsSync('build/server/index.js')

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate
  const isRoot = process.getuid?.() === 0
  const hasApt = spawnSync('which', ['apt-get']).status === 0
  if (isRoot && hasApt) {
    say('No Chromium found: installing Debian’s chromium with apt-get (this takes a minute)…')
    run('apt-get', ['update', '-qq'])
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation'], { DEBIAN_FRONTEND: 'noninteractive' })
    return '/usr/bin/chromium'
  }
  say('No Chromium found and no apt-get as root: downloading Playwright’s Chromium…')
  run('npx', ['playwright', 'install', 'chromium'])
  return execFileSync('node', ['-e', "console.log(require('playwright-core').chromium.executablePath())"]).toString().trim()
}

const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
say(`Database for the tests: ${databaseUrl ? `PostgreSQL (${new URL(databaseUrl).host})` : 'embedded PGlite'}`)

// Built first: some integration tests start the built server (limits, shutdown, logs, the
// database going away), and the browser journeys run against the same build.
if (build) {
  say('Building the app (the server tests and the browser journeys run the build)')
  run('npx', ['remix', 'vite:build'])
}

if (only !== 'e2e') {
  say('Unit and integration tests (vitest)')
  run('npx', ['vitest', 'run'])
}

if (only !== 'unit') {
  const chromium = findChromium()
  say(`Browser: ${chromium}`)
  say('JavaScript weight per page')
  run('node', ['scripts/check-weight.mjs'])
  const env = { CHROMIUM_PATH: chromium, DATABASE_URL: '' }
  let dropE2eDatabase = () => {}
  if (databaseUrl) {
    const name = `viertel_e2e_${randomBytes(4).toString('hex')}`
    const admin = new URL(databaseUrl)
    admin.pathname = '/postgres'
    const e2e = new URL(databaseUrl)
    e2e.pathname = `/${name}`
    run('psql', [admin.toString(), '-qc', `CREATE DATABASE "${name}"`])
    env.E2E_DATABASE_URL = e2e.toString()
    dropE2eDatabase = () => spawnSync('psql', [admin.toString(), '-qc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: 'inherit' })
  }
  say(smokeOnly ? 'Browser journeys tagged @smoke (Playwright)' : 'Browser journeys (Playwright)')
  const result = spawnSync('npx', ['playwright', 'test', ...(smokeOnly ? ['--grep', '@smoke'] : [])], { stdio: 'inherit', env: { ...process.env, ...env } })
  dropE2eDatabase()
  if (result.status !== 0) {
    console.error('\n✖ Browser journeys failed')
    process.exit(result.status ?? 1)
  }
}
say('All tests passed.')
