import type { Browser, Page } from '@playwright/test'
import { admittedInitiative, DEMO, expect, loginAs, newContext, test } from './fixtures'

/**
 * Reflow (WCAG 2.2, 1.4.10; issue #19): every page of every role, 320 CSS px wide, scrolls only
 * up and down. A wide table may scroll inside its own box (TableScroll), never the document.
 * Detail pages are visited with ids of the demo, found on the pages that link to them. Closed
 * <details> are opened first, so what they hide is measured too. With SHOTS_DIR set, each page is
 * also photographed at 320 and 1280 px.
 */

const C = '/c/lagerhaus'
const WIDTH = 320
/** A token no one was sent: the pages behind e-mailed links, in the state a stale link shows. */
const STALE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

/** A path to visit, or one to find: the first link on `on` whose path matches `link`. */
type Visit = string | { on: string; link: RegExp; then?: (path: string) => string }

interface Overflow {
  path: string
  scrollWidth: number
  clientWidth: number
  culprits: string[]
}

/** The document's width against the window's, and the outermost elements that stick out. */
async function measure(page: Page) {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true
    const root = document.documentElement
    const clientWidth = root.clientWidth
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a)
        if (style.overflowX !== 'visible' && a !== document.body && a !== root) return true
      }
      return false
    }
    // the elements that stick out of the window AND out of their parent: where the width comes from
    const culprits: string[] = []
    for (const el of document.body.querySelectorAll('*')) {
      if (culprits.length >= 5) break
      const right = el.getBoundingClientRect().right
      const parentRight = el.parentElement ? el.parentElement.getBoundingClientRect().right : clientWidth
      if (right <= clientWidth + 0.5 || right <= parentRight + 0.5 || clipped(el)) continue
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('class') ? `.${el.getAttribute('class')!.trim().split(/\s+/).join('.')}` : ''}`
      culprits.push(`${name} → ${Math.round(right)}px «${(el.textContent ?? '').trim().slice(0, 40)}»`)
    }
    return { scrollWidth: root.scrollWidth, clientWidth, culprits }
  })
}

async function shoot(page: Page, path: string) {
  const dir = process.env.SHOTS_DIR
  if (!dir) return
  const name = path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '_') || 'home'
  for (const width of [WIDTH, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${dir}/reflow-${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: WIDTH, height: 800 })
}

async function resolve(page: Page, visit: Visit): Promise<string> {
  if (typeof visit === 'string') return visit
  const here = new URL(page.url())
  if (`${here.pathname}${here.search}` !== visit.on) await page.goto(visit.on, { waitUntil: 'domcontentloaded' })
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))
  const found = hrefs.find((href) => visit.link.test(href))
  expect(found, `a link like ${visit.link} on ${visit.on}`).toBeTruthy()
  return visit.then ? visit.then(found!) : found!
}

/** Visits every page as one person (one browser context) and lists the ones wider than the window. */
async function checkRole(browser: Browser, email: string | null, visits: Visit[]) {
  const context = await newContext(browser, { viewport: { width: WIDTH, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    if (email) await loginAs(page, email)
    const overflows: Overflow[] = []
    const seen: string[] = []
    for (const visit of visits) {
      const path = await resolve(page, visit)
      // the document and its styles (module scripts wait for them), then the pictures
      const response = await page.goto(path, { waitUntil: 'domcontentloaded' })
      await page.waitForFunction(() => [...document.images].every((image) => image.complete))
      expect(response?.status() ?? 0, `${path} answers`).toBeLessThan(500)
      seen.push(new URL(page.url()).pathname)
      const result = await measure(page)
      if (result.scrollWidth > result.clientWidth) overflows.push({ path, ...result })
      await shoot(page, path)
    }
    expect(overflows, `pages wider than ${WIDTH} px (visited: ${seen.join(', ')})`).toEqual([])
    expect(errors, 'errors in the browser').toEqual([])
  } finally {
    await context.close()
  }
}

const listing: Visit = { on: `${C}/listings`, link: /^\/c\/lagerhaus\/listings\/(?!new$)[^/]+$/ }
const exchange: Visit = { on: `${C}/exchanges`, link: /^\/c\/lagerhaus\/exchanges\/(?!new$)[^/]+$/ }
const loan: Visit = { on: `${C}/loans`, link: /^\/c\/lagerhaus\/loans\/(?!new$|fund$)[^/]+$/ }

/** The same for everyone: visited as a stranger and as one person logged in. */
const STATIC: Visit[] = ['/', '/imprint', '/privacy', '/network', '/guide']
const CENTRE: Visit[] = [C, `${C}/listings`, listing, `${C}/initiatives/radwerk`, `${C}/join`]

/** What a member of an initiative does; the owner sees these pages with more on them. */
const MEMBERSHIP: Visit[] = [
  `${C}/listings/new`,
  `${C}/exchanges`,
  exchange,
  `${C}/exchanges/new`,
  `${C}/matches`,
  `${C}/bookings`,
  `${C}/loans`,
  loan,
]

test.describe('reflow at 320 px', () => {
  // the roles do not depend on each other: with two workers they share the time
  test.describe.configure({ mode: 'parallel' })

  test('anonymous', async ({ browser }) => {
    await checkRole(browser, null, [
      ...STATIC,
      ...CENTRE,
      '/login',
      '/login/code',
      '/signup',
      '/forgot-password',
      `/reset-password/${STALE}`,
      '/confirm-email',
      `/confirm-email/${STALE}`,
      `/verify-email/${STALE}`,
      `/unsubscribe/${STALE}`,
      `/invite/${STALE}`,
      '/c/aucoop',
      '/c/aucoop/listings',
    ])
  })

  test('member of an initiative', async ({ browser }) => {
    await checkRole(browser, 'kollegin@lagerhaus.test', [
      ...STATIC,
      ...CENTRE,
      ...MEMBERSHIP,
      '/account',
      '/account/security',
      '/account/export',
      '/account/delete',
      '/notifications',
      '/notifications/searches',
      '/notifications/settings',
      '/verify-email',
    ])
  })

  test('initiative owner', async ({ browser }) => {
    const own = { on: `${C}/initiatives/radwerk`, link: /^\/c\/lagerhaus\/listings\/(?!new$)[^/]+$/ }
    await checkRole(browser, DEMO.member, [
      ...CENTRE,
      ...MEMBERSHIP,
      '/notifications',
      { ...own, then: (path) => `${path}/edit` },
      { ...own, then: (path) => `${path}/bookings` },
      `${C}/loans/new`,
    ])
  })

  test('centre manager', async ({ browser }) => {
    const manage = `${C}/manage`
    await checkRole(browser, DEMO.manager, [
      C,
      `${C}/listings`,
      listing,
      `${C}/initiatives/radwerk`,
      `${C}/loans`,
      loan,
      `${C}/loans/fund`,
      manage,
      `${manage}?period=year`,
      `${manage}/applications`,
      `${manage}/initiatives`,
      `${manage}/listings`,
      `${manage}/exchanges`,
      `${manage}/ledger`,
      `${manage}/reports`,
      `${manage}/report?period=year`,
      `${manage}/import`,
      `${manage}/erasure`,
      `${manage}/audit`,
      `${manage}/settings`,
      `${manage}/financing`,
      `${manage}/vocabulary?q=raum`,
      '/account',
    ])
  })

  test('platform admin', async ({ browser }) => {
    await checkRole(browser, DEMO.admin, ['/', '/admin', '/admin/pages', '/dev/mail', C, '/account', '/account/security'])
  })
})

test('a long compound and a long link that people write break inside their box, at 320 and 1280 px', async ({ browser }) => {
  // A German compound of 70 letters and a URL of 90 characters: words longer than any line.
  const word = `Donaudampfschifffahrtsgesellschaftskapitänsmützenwerkstatt${Math.random().toString(36).slice(2, 8)}`
  const link = 'https://www.bremen.de/kultur/foerderung/projektezentren/antragsformular-2026-final-version.pdf'
  const owner = await admittedInitiative(browser)
  const page = owner.page
  try {
    await page.goto(`${C}/listings/new`)
    await page.getByLabel('Art').selectOption({ label: 'Angebot' })
    await page.getByLabel('Kategorie').selectOption({ label: 'Sonstige Hilfe' })
    await page.getByLabel('Titel').fill(word)
    await page.getByLabel('Beschreibung').fill(`Das Formular liegt hier: ${link}`)
    await page.getByRole('button', { name: 'Eintrag speichern' }).click()
    await expect(page.getByRole('heading', { level: 1, name: word })).toBeVisible()
    const listingPath = new URL(page.url()).pathname

    // a proposal to a demo listing, whose message (the thread's first entry) holds the link
    await page.goto(`${C}/listings?kind=offer`)
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))
    const demoListing = hrefs.find((href) => /^\/c\/lagerhaus\/listings\/[0-9a-f-]{36}$/.test(href) && href !== listingPath)!
    const own = await page.request.get(`${C}/exchanges/new`).then(async (r) => (await r.text()).match(/name="initiativeId" value="([0-9a-f-]{36})"/)?.[1])
    const proposed = await page.request.post(`${C}/exchanges/new`, {
      form: { initiativeId: own!, listingId: demoListing.split('/').pop()!, message: `Siehe ${link}`, minutes: '1' },
      maxRedirects: 0,
    })
    expect(proposed.status(), 'the proposal').toBe(302)
    const exchangePath = proposed.headers().location!

    const search = `${C}/listings?q=${encodeURIComponent(word)}`
    const overflows: Overflow[] = []
    for (const width of [WIDTH, 1280]) {
      for (const path of [listingPath, search, exchangePath]) {
        await page.setViewportSize({ width, height: 900 })
        await page.goto(path, { waitUntil: 'domcontentloaded' })
        if (path === search) {
          await expect(page.getByRole('link', { name: word })).toBeVisible()
          // the card's kind and category are separate words in its text, not "AngebotSonstige Hilfe"
          expect(await page.locator('article', { hasText: word }).locator('p').first().textContent()).toMatch(/^Angebot Sonstige Hilfe/)
        }
        if (path === exchangePath) await expect(page.getByText(link)).toBeVisible()
        const result = await measure(page)
        if (result.scrollWidth > result.clientWidth) overflows.push({ path: `${path} @${width}`, ...result })
        await shoot(page, `${path}-long-words`)
      }
    }
    expect(overflows, 'pages wider than the window').toEqual([])
    expect(owner.errors).toEqual([])
  } finally {
    await owner.close()
  }
})
