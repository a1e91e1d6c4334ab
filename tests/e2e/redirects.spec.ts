import { DEMO, DEMO_PASSWORD, expect, expectAccessible, test } from './fixtures'

/**
 * Issue #13 §4 and §5 over HTTP and in Chromium: redirect targets from input never leave the site
 * (judged as the browser's URL parser reads them), forged Origins are refused with 403 (never a
 * 500), and what depends on the session is never stored by a cache.
 */

// Each of these reached another site, or a 500, somewhere: tabs and newlines that browsers drop,
// backslashes they read as slashes, dot segments, schemes, CR/LF into the Location header.
const ESCAPES = [
  '/\t/evil.example/phish',
  '/\n/evil.example/phish',
  '/\r\n/evil.example',
  '//evil.example/phish',
  '/\\evil.example/phish',
  '/\\/evil.example',
  '/./\t/evil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  'https://evil.example/phish',
  '\t//evil.example',
  'javascript:alert(1)',
  '/x\r\nSet-Cookie: stolen=1',
  '/%0d%0aSet-Cookie:%20stolen=1',
]

test('after logging in with redirectTo=/%09/evil.example/phish the browser stays on Viertel', async ({ page, baseURL }) => {
  await page.goto('/login?redirectTo=/%09/evil.example/phish')
  await page.getByLabel('E-Mail').fill(DEMO.member)
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin)
  await expectAccessible(page)
})

test('a redirect target that would leave the site (login, language switch) sends you home instead, never a 500', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin
  for (const redirectTo of ESCAPES) {
    const locale = await page.request.post('/locale', { form: { locale: 'de', redirectTo }, maxRedirects: 0 })
    expect(locale.status(), `/locale ${JSON.stringify(redirectTo)}`).toBe(302)
    expect(new URL(locale.headers().location!, origin).origin, JSON.stringify(redirectTo)).toBe(origin)
    expect(locale.headers()['set-cookie'] ?? '').not.toContain('stolen')

    const login = await page.request.post('/login', {
      form: { email: DEMO.member, password: DEMO_PASSWORD, redirectTo },
      maxRedirects: 0,
    })
    expect(login.status(), `/login ${JSON.stringify(redirectTo)}`).toBeLessThan(500)
    if (login.status() === 302) {
      expect(new URL(login.headers().location!, origin).origin, JSON.stringify(redirectTo)).toBe(origin)
      expect(login.headers()['set-cookie'] ?? '').not.toContain('stolen')
    }
  }
  // the query string form of the attack: the login page keeps it, the redirect does not follow it
  const page1 = await page.request.get('/login?redirectTo=%0d%0a/%09/evil.example')
  expect(page1.status()).toBe(200)
  // an ordinary target is kept
  const kept = await page.request.post('/locale', { form: { locale: 'de', redirectTo: '/c/lagerhaus/listings?q=Bohrer' }, maxRedirects: 0 })
  expect(kept.headers().location).toBe('/c/lagerhaus/listings?q=Bohrer')
})

test('a forged or malformed Origin is refused with 403, whatever Sec-Fetch-Site says', async ({ page, baseURL }) => {
  const own = new URL(baseURL!)
  const forged = [
    'http://evil.example',
    'null',
    'garbage',
    `${own.protocol}//${own.hostname}:${Number(own.port) + 1}`,
    `https://${own.host}`,
    `${own.origin}/path`,
    `${own.protocol}//user@${own.host}`,
    `${own.protocol}//${own.host.toUpperCase()}`,
  ]
  for (const origin of forged) {
    for (const site of ['same-origin', 'none', undefined]) {
      for (const path of ['/login', '/locale', '/c/lagerhaus/join', '/logout']) {
        const headers: Record<string, string> = { Origin: origin }
        if (site) headers['Sec-Fetch-Site'] = site
        const response = await page.request.post(path, { form: { locale: 'en' }, headers, maxRedirects: 0 })
        expect(response.status(), `${path} Origin ${origin} Sec-Fetch-Site ${site}`).toBe(403)
      }
    }
  }
  // an X-Forwarded-Host that differs from the Origin (Remix itself would throw: a 500 before)
  const forwarded = await page.request.post('/locale', {
    form: { locale: 'en' },
    headers: { Origin: own.origin, 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-Host': 'evil.example' },
    maxRedirects: 0,
  })
  expect(forwarded.status()).toBe(403)
  // cross-site by Sec-Fetch-Site alone
  const crossSite = await page.request.post('/locale', { form: { locale: 'en' }, headers: { 'Sec-Fetch-Site': 'cross-site' }, maxRedirects: 0 })
  expect(crossSite.status()).toBe(403)
  // the site's own Origin still works
  const ok = await page.request.post('/locale', {
    form: { locale: 'de', redirectTo: '/' },
    headers: { Origin: own.origin, 'Sec-Fetch-Site': 'same-origin' },
    maxRedirects: 0,
  })
  expect(ok.status()).toBe(302)
})

test('personal pages, data requests and exports are Cache-Control: private, no-store; public assets keep their caching', async ({ page }) => {
  // logging in sets the session cookie: that answer is not stored either
  const login = await page.request.post('/login', { form: { email: DEMO.manager, password: DEMO_PASSWORD }, maxRedirects: 0 })
  expect(login.status()).toBe(302)
  expect(login.headers()['cache-control']).toBe('private, no-store')
  for (const path of [
    '/',
    '/account',
    '/notifications',
    '/notifications/settings',
    '/c/lagerhaus/exchanges',
    '/c/lagerhaus/loans',
    '/c/lagerhaus/matches',
    '/c/lagerhaus/manage',
    '/c/lagerhaus/manage/applications',
    '/c/lagerhaus/manage/export/ledger.csv',
    '/account.data',
    '/c/lagerhaus/exchanges.data',
    '/no-such-page',
  ]) {
    const response = await page.request.get(path, { maxRedirects: 0 })
    expect(response.headers()['cache-control'], `${path} (${response.status()})`).toBe('private, no-store')
  }
  // a static asset of the build is still cached for a year
  await page.goto('/')
  const asset = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.href)
  expect(asset).toBeTruthy()
  const css = await page.request.get(asset!)
  expect(css.headers()['cache-control']).toContain('max-age=31536000')
})

test('without a session, public pages are not marked private', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL })
  const response = await anonymous.get('/c/lagerhaus')
  expect(response.status()).toBe(200)
  expect(response.headers()['cache-control'] ?? '').not.toContain('private')
  await anonymous.dispose()
})


test('an unsubscribe link that no longer works sends the person through the login to their e-mail settings', async ({ page }) => {
  const response = await page.goto('/unsubscribe/AAAAAAAA.bm90LWEtbGluaw.c2lnbmF0dXJl')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('alert')).toContainText('Dieser Abmeldelink ist ungültig.')
  await expect(page.getByRole('alert')).toContainText('Melde dich an')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Zu den E-Mail-Einstellungen' }).click()
  await page.waitForURL(/\/login\?redirectTo=%2Fnotifications%2Fsettings/)
  await page.getByLabel('E-Mail').fill(DEMO.member)
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await page.waitForURL((url) => url.pathname === '/notifications/settings')
  await expect(page.getByRole('heading', { name: 'E-Mail-Einstellungen' })).toBeVisible()
  await expectAccessible(page)
})
