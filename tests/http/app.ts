import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { inject } from 'vitest'
import { type DbOrTx, openDatabase } from '#db/connect'
import { users } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The BUILT app (build/server/index.js, made by `npm test` before vitest) on a database of its own
 * with the demo data, called with `new Request(…)` through Remix's public request handler — no
 * browser, no port. The app learns its database the way it does in production, from the
 * environment when its build is imported: vitest runs each test file in a process of its own.
 * What scripts/server.mjs does around Remix (body limits, cross-site checks, 415) is not in here.
 */
export type TestApp = {
  /** GET (or any method through `init`) of a path of the app; never follows redirects. */
  fetch: (pathname: string, init?: RequestInit) => Promise<Response>
  /**
   * POST of a url-encoded form as this site's own page sends it from a browser: same Origin (and the
   * Host it must match, which Remix compares before any action), with the session cookie when given.
   */
  postForm: (pathname: string, form: Record<string, string>, cookie?: string) => Promise<Response>
  /** The session cookie of a demo person (by e-mail), made directly in the database. */
  cookieFor: (email: string) => Promise<string>
  /** The app's own database handle, to set up a state the demo data lacks. */
  db: DbOrTx
  close: () => Promise<void>
}

const BUILD = path.resolve('build/server/index.js')
const ORIGIN = new URL('http://localhost:3000')

/**
 * `env`: variables the app reads when its build is imported, e.g. `{ NODE_ENV: 'production' }` for
 * what only production does (the development mailbox only for admins, Secure cookies). Once per
 * test file: the build's environment is read once per process.
 */
export async function startApp(
  options: {
    env?: Record<string, string>
    /** A database of the caller's, opened by the app as it is (no demo data); the caller drops it. */
    database?: { url: string } | { dataDir: string }
  } = {},
): Promise<TestApp> {
  let database: TestDatabase
  let cleanup = async () => {}
  if (options.database) {
    process.env.DATABASE_URL = 'url' in options.database ? options.database.url : ''
    if ('dataDir' in options.database) process.env.PGLITE_DATA_DIR = options.database.dataDir
    database = undefined as unknown as TestDatabase
  } else if (inject('pgTemplate')) {
    database = await createTestDatabase()
    await seedDemo(database.db, { log: () => {} })
    process.env.DATABASE_URL = database.url ?? undefined
  } else {
    // PGlite: the migrated snapshot of the run, seeded, in a folder of this file that the app opens.
    const snapshot = inject('pgliteSnapshot')
    if (!snapshot) throw new Error('No test database: global setup did not run')
    const dir = mkdtempSync(path.join(tmpdir(), 'viertel-http-'))
    const seeded = await openDatabase({ dataDir: dir, loadDataDir: new Blob([readFileSync(snapshot)]), migrate: false })
    await seedDemo(seeded.db, { log: () => {} })
    await seeded.close()
    process.env.DATABASE_URL = ''
    process.env.PGLITE_DATA_DIR = dir
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
    database = undefined as unknown as TestDatabase
  }
  Object.assign(process.env, options.env)
  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  const handle = createRequestHandler(build, 'production')
  // The app's own handle on the database it was pointed at (the same one on PGlite, whose folder one process opens).
  const app = await globalThis.__viertelDatabase
  if (!app) throw new Error('The build did not open its database')
  let requests = 0
  const fetch: TestApp['fetch'] = (pathname, init = {}) =>
    handle(new Request(new URL(pathname, ORIGIN), { redirect: 'manual', ...init }), {
      cspNonce: 'test-nonce',
      clientIp: `10.0.0.${(++requests % 250) + 1}`,
      requestId: `http-test-${requests}`,
    })
  return {
    fetch,
    postForm: (pathname, form, cookie) =>
      fetch(pathname, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: ORIGIN.origin,
          Host: ORIGIN.host,
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: new URLSearchParams(form),
      }),
    db: app.db,
    cookieFor: async (email) => {
      const [user] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, email))
      if (!user) throw new Error(`No demo person ${email}`)
      const token = generateSessionToken()
      await createSession(app.db, token, user.id)
      return `viertel_session=${token}`
    },
    close: async () => {
      await app.close()
      await database?.close()
      await cleanup()
    },
  }
}
