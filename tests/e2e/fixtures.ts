import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test as base, expect, type Page } from '@playwright/test'

export { expect }
export const DEMO_PASSWORD = 'viertel-demo'
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

export async function signUp(page: Page, person: { name: string; email: string; password?: string }) {
  const response = await page.request.post('/signup', {
    form: { name: person.name, email: person.email, password: person.password ?? DEMO_PASSWORD },
    maxRedirects: 0,
  })
  expect(response.status(), `signup of ${person.email}`).toBe(302)
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
