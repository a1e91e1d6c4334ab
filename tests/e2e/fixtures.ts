import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test as base, expect, request as requestFactory, type Page } from '@playwright/test'

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

let ipCounter = 0
/** A different client address for every test, so per-IP rate limits stay per test. */
export function uniqueIp() {
  ipCounter++
  return `10.${(process.pid >> 8) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export function uniqueEmail(prefix = 'e2e') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`
}

/** Runs axe-core (WCAG 2.2 AA tags) on the page as it is now; any violation fails the test. */
export async function expectAccessible(page: Page) {
  // page.evaluate goes through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]
  }, WCAG_TAGS)
  const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([])
}

/** Logs in through the real login form endpoint (no UI), sharing the cookie with the page. */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD) {
  const response = await page.request.post('/login', { form: { email, password }, maxRedirects: 0 })
  expect(response.status(), `login of ${email}`).toBe(302)
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
  const baseURL = `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`
  const admin = await requestFactory.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
  try {
    const login = await admin.post('/login', { form: { email: DEMO.admin, password: DEMO_PASSWORD }, maxRedirects: 0 })
    expect(login.status(), 'login of the admin to read /dev/mail').toBe(302)
    const html = await (await admin.get('/dev/mail')).text()
    const article = html.split('<article').find((part) => part.includes(email) && part.includes('/confirm-email/'))
    const match = article && /\/confirm-email\/([a-z2-7]+)/.exec(article)
    expect(match, `a confirmation e-mail to ${email} in /dev/mail`).toBeTruthy()
    return `/confirm-email/${match![1]}`
  } finally {
    await admin.dispose()
  }
}

interface Fixtures {
  /** Errors in the browser console (CSP violations, hydration errors, uncaught exceptions) fail the test. */
  consoleErrors: string[]
}

export const test = base.extend<Fixtures>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': uniqueIp() })
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use(errors)
      expect(errors, 'errors in the browser console').toEqual([])
    },
    { auto: true },
  ],
})
