import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  test as base,
  expect,
  request as requestFactory,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from '@playwright/test'
import { eq, sql } from 'drizzle-orm'
import { openDatabase, type Database } from '#db/connect'
import { twoFactor, users } from '#db/schema'
import { createSession, describeSessionDevice, generateSessionToken, hashToken, invalidateSession } from '~/modules/auth/session.server'

export { expect }
export const DEMO_PASSWORD = 'viertel-demo'
/** The password of people the journeys sign up: the demo password is public, so nobody may choose it (ADR 061). */
export const PERSON_PASSWORD = 'Kompost-Lastenrad-Dachgarten'
export const DEMO = {
  admin: 'admin@viertel.test',
  manager: 'manager@lagerhaus.test',
  member: 'member@lagerhaus.test',
  otherManager: 'manager@aucoop.test',
} as const

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** The cookie app/utils/session-cookie.server.ts names (that module reads the server's environment). */
const SESSION_COOKIE = 'viertel_session'
const baseURL = () => `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`

let ipCounter = 0
/**
 * A different client address for every call, so per-IP rate limits stay per test. The second
 * octet is the worker's index (unique among the workers of a run, also after a restart), so two
 * workers running at the same time never speak from one address.
 */
export function uniqueIp() {
  ipCounter++
  return `10.${Number(process.env.TEST_WORKER_INDEX ?? 0) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export function uniqueEmail(prefix = 'e2e') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`
}

/** axe-core's violations on the page as it is now, for these tags or rules, one line each. */
async function axeViolations(page: Page, runOnly: { type: 'tag' | 'rule'; values: string[] }) {
  // page.evaluate goes through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async (only) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe
    const result = await axe.run(document, { runOnly: only })
    return result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]
  }, runOnly)
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/** Runs axe-core (WCAG 2.2 AA tags) on the page as it is now; any violation fails the test. */
export async function expectAccessible(page: Page) {
  expect(await axeViolations(page, { type: 'tag', values: WCAG_TAGS }), `accessibility violations on ${page.url()}`).toEqual([])
}

/** Runs the named axe-core rules, also best-practice ones such as heading-order (Lighthouse checks it), on the page as it is now. */
export async function expectAxeRules(page: Page, rules: string[]) {
  expect(await axeViolations(page, { type: 'rule', values: rules }), `${rules.join(', ')} on ${page.url()}`).toEqual([])
}

/** Logs in through the real login form endpoint (no UI, argon2 included), sharing the cookie with the page. */
export async function loginThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  const response = await page.request.post('/login', { form: { email, password }, maxRedirects: 0 })
  expect(response.status(), `login of ${email}`).toBe(302)
}

/** The journeys' own PostgreSQL database (E2E_DATABASE_URL), or null on PGlite, whose data only the server holds. */
let e2eDb: Promise<Database> | undefined
export function e2eDatabase(): Promise<Database> | null {
  const url = process.env.E2E_DATABASE_URL
  if (!url) return null
  e2eDb ??= openDatabase({ url, migrate: false, poolSize: 2 })
  return e2eDb
}

/** The client address each browser context speaks from (its X-Forwarded-For), so a started session names it as a login would. */
const addressOf = new WeakMap<BrowserContext, string>()

/** A browser context of another person in the same test, speaking from an address of its own. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}) {
  const ip = uniqueIp()
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: 'de-DE',
    ...options,
    extraHTTPHeaders: { ...options.extraHTTPHeaders, 'X-Forwarded-For': ip },
  })
  addressOf.set(context, ip)
  return context
}

/**
 * A session for `email` made by the app's own code, as /login makes it after the right password
 * (app/routes/login.tsx: the browser's previous session ended, a fresh token, its SHA-256 in
 * sessions with the absolute end, the person's idle sessions tidied away, then the device named
 * by User-Agent and address prefix) — only without argon2. Null on PGlite (no second process can
 * open its data). Refused for people a login would not let in with a password alone.
 */
async function createLoginSession(email: string, device: { previousToken?: string; userAgent?: string | null; ip?: string | null }) {
  const database = e2eDatabase()
  if (!database) return null
  const { db } = await database
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, twoFactorOn: sql<boolean>`${twoFactor.enabledAt} is not null` })
    .from(users)
    .leftJoin(twoFactor, eq(twoFactor.userId, users.id))
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
  expect(user, `a person with the e-mail ${email}`).toBeTruthy()
  expect(user!.passwordHash, `${email} has a password to log in with`).toBeTruthy()
  expect(user!.twoFactorOn, `${email} logs in with a code too: use the form and /login/code`).toBe(false)
  if (device.previousToken) await invalidateSession(db, hashToken(device.previousToken))
  const token = generateSessionToken()
  const session = await createSession(db, token, user!.id)
  await describeSessionDevice(db, session.id, { userAgent: device.userAgent, ip: device.ip })
  return { token, expires: Math.floor(session.expiresAt.getTime() / 1000) }
}

const sessionCookie = (token: string, expires: number) => ({
  name: SESSION_COOKIE,
  value: token,
  domain: 'localhost',
  path: '/',
  expires,
  httpOnly: true,
  // the app marks it Secure in production; Chromium keeps Secure cookies of http://localhost
  secure: true,
  sameSite: 'Lax' as const,
})

/**
 * Starts a session for `email` in the page's browser context directly in the journeys' database
 * (createLoginSession) and hands the cookie to the context. False on PGlite.
 */
export async function startSession(page: Page, email: string): Promise<boolean> {
  const context = page.context()
  const previousToken = (await context.cookies(baseURL())).find((c) => c.name === SESSION_COOKIE)?.value
  const userAgent = await page.evaluate(() => navigator.userAgent)
  const started = await createLoginSession(email, { previousToken, userAgent, ip: addressOf.get(context) })
  if (!started) return false
  await context.addCookies([sessionCookie(started.token, started.expires)])
  return true
}

/**
 * Logs `email` in. Without a password and with the journeys' database at hand (PostgreSQL), the
 * session is started directly (argon2 costs ~0.3 s a login; the form is proven by the smoke
 * journey "logging in through the form"). With a password given, or on PGlite, through the form.
 */
export async function loginAs(page: Page, email: string, password?: string) {
  if (password === undefined && (await startSession(page, email))) return
  await loginThroughForm(page, email, password ?? DEMO_PASSWORD)
}

/** An HTTP client (no browser) logged in as the demo admin, e.g. to read /dev/mail; dispose it after use. */
export async function adminRequest(): Promise<APIRequestContext> {
  const ip = uniqueIp()
  const started = await createLoginSession(DEMO.admin, { ip })
  const admin = await requestFactory.newContext({
    baseURL: baseURL(),
    extraHTTPHeaders: { 'X-Forwarded-For': ip },
    ...(started ? { storageState: { cookies: [sessionCookie(started.token, started.expires)], origins: [] } } : {}),
  })
  if (!started) {
    const login = await admin.post('/login', { form: { email: DEMO.admin, password: DEMO_PASSWORD }, maxRedirects: 0 })
    expect(login.status(), 'login of the admin').toBe(302)
  }
  return admin
}

/**
 * Signs up through the real form endpoint, then follows the confirmation e-mail as the person
 * would (signup itself logs no one in, ADR 061): the page ends up logged in.
 */
export async function signUp(page: Page, person: { name: string; email: string; password?: string }) {
  const response = await page.request.post('/signup', {
    form: { name: person.name, email: person.email, password: person.password ?? PERSON_PASSWORD },
    maxRedirects: 0,
  })
  expect(response.status(), `signup of ${person.email}`).toBe(302)
  expect(response.headers().location).toBe('/confirm-email')
  const link = await confirmationLinkFor(person.email)
  const confirmed = await page.request.post(link, { maxRedirects: 0 })
  expect(confirmed.status(), `confirmation of ${person.email}`).toBe(302)
}

/**
 * The path of the newest signup confirmation link sent to `email`, read from the development
 * mailbox (/dev/mail) as the demo admin: the journeys' server runs in production mode, where
 * that page is for platform admins only.
 */
export async function confirmationLinkFor(email: string): Promise<string> {
  const admin = await adminRequest()
  try {
    const html = await (await admin.get('/dev/mail')).text()
    const article = html.split('<article').find((part) => part.includes(email) && part.includes('/confirm-email/'))
    const match = article && /\/confirm-email\/([a-z2-7]+)/.exec(article)
    expect(match, `a confirmation e-mail to ${email} in /dev/mail`).toBeTruthy()
    return `/confirm-email/${match![1]}`
  } finally {
    await admin.dispose()
  }
}

/**
 * A console message that fails a journey: an error, except the browser's own line for a 4xx answer
 * (pages that answer 403/404 on purpose) and an AbortError on its own. Remix's single fetch logs the
 * latter with console.error when the page leaves while a data response is still streaming (a test's
 * page.goto right after an action, as a person clicking on): the cancel is the browser's, intended,
 * and entry.client already keeps the same AbortError from counting as an uncaught rejection.
 */
function isReportedConsoleError(message: ConsoleMessage) {
  if (message.type() !== 'error') return false
  const text = message.text()
  return !/status of 4\d\d/.test(text) && !/^AbortError: [^\n]*abort/.test(text)
}

/** Errors in a page's console (as the consoleErrors fixture collects them for the test's own page). */
export function consoleErrorsOf(page: Page) {
  const errors: string[] = []
  page.on('console', (m) => {
    if (isReportedConsoleError(m)) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/**
 * An initiative of the journey's own, active in `centre`: a new person signs up in a browser
 * context of their own and applies, and the centre's manager admits it with the console's form.
 * For journeys that change an initiative (suspend it, count its exchanges) while other files read
 * the demo initiatives at the same time. The page is the owner's, logged in.
 */
export async function admittedInitiative(browser: Browser, options: { centre?: string; manager?: string } = {}) {
  const centre = options.centre ?? 'lagerhaus'
  const run = Math.random().toString(36).slice(2, 7)
  const name = `Initiative ${run}`
  const context = await newContext(browser)
  const page = await context.newPage()
  const errors = consoleErrorsOf(page)
  await signUp(page, { name: `Ina ${run}`, email: uniqueEmail('owner') })
  const applied = await page.request.post(`/c/${centre}/join`, { form: { name, kind: 'project' }, maxRedirects: 0 })
  expect(applied.status(), `the application of ${name}`).toBe(302)

  const managerContext = await newContext(browser)
  const manager = await managerContext.newPage()
  await loginAs(manager, options.manager ?? DEMO.manager)
  await manager.goto(`/c/${centre}/manage/applications`)
  const initiativeId = await manager.getByRole('form', { name }).locator('input[name="initiativeId"]').getAttribute('value')
  const admitted = await manager.request.post(`/c/${centre}/manage/applications`, {
    form: { intent: 'admit', initiativeId: initiativeId! },
    maxRedirects: 0,
  })
  expect(admitted.status(), `${name} admitted`).toBe(302)
  await managerContext.close()
  return { page, errors, name, profileUrl: applied.headers().location!, close: () => context.close() }
}

interface Fixtures {
  /** Errors in the browser console (CSP violations, hydration errors, uncaught exceptions) fail the test. */
  consoleErrors: string[]
}

interface WorkerFixtures {
  /** Closes the worker's connection to the journeys' database, if one was opened. */
  closeE2eDatabase: void
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': uniqueIp() })
  },
  context: async ({ context, extraHTTPHeaders }, use) => {
    const ip = extraHTTPHeaders?.['X-Forwarded-For']
    if (ip) addressOf.set(context, ip)
    await use(context)
  },
  closeE2eDatabase: [
    async ({}, use) => {
      await use()
      if (e2eDb) await (await e2eDb).close()
      e2eDb = undefined
    },
    { scope: 'worker', auto: true },
  ],
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (message) => {
        if (isReportedConsoleError(message)) errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use(errors)
      expect(errors, 'errors in the browser console').toEqual([])
    },
    { auto: true },
  ],
})
