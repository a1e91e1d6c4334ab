import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { adminRequest, DEMO, expect, expectAccessible, loginAs, newContext, test, uniqueEmail } from './fixtures'

/**
 * Issue #19: the platform admin invites a centre's manager by an e-mail without an account (ADR
 * 073). In the browser: the toast, the pending invitation under the managers with "send again" and
 * "revoke", and the invitation page as the person (and a wrong account) sees it. The whole path
 * from an empty database is tests/http/first-manager.test.ts.
 */
const SHOTS = process.env.SHOTS_DIR
const toast = (page: Page) => page.locator('[aria-live="polite"]')

/** Screenshots at 320 and 1280 px for the review of the changed pages (only when SHOTS_DIR is set). */
async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  const size = page.viewportSize()
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true })
  }
  if (size) await page.setViewportSize(size)
}

/** The newest manager invitation link to `email`, from the development mailbox. */
async function invitationLinkFor(email: string) {
  const admin = await adminRequest()
  try {
    const html = await (await admin.get('/dev/mail')).text()
    const article = html.split('<article').find((part) => part.includes(email) && part.includes('/invite/'))
    const match = article && /\/invite\/([a-z2-7]+)/.exec(article)
    expect(match, `an invitation e-mail to ${email} in /dev/mail`).toBeTruthy()
    return `/invite/${match![1]}`
  } finally {
    await admin.dispose()
  }
}

test('the admin invites a manager without an account: toast, pending under the managers, the link, send again and revoke', async ({
  page,
  browser,
  baseURL,
}) => {
  const email = uniqueEmail('manager-invite')
  await loginAs(page, DEMO.admin)
  await page.goto('/admin')
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Kulturzentrum Lagerhaus' }) })
  await card.getByLabel('E-Mail der Person, die Kulturzentrum Lagerhaus verwalten soll').fill(email)
  await card.getByRole('button', { name: 'Ernennen oder einladen' }).click()
  await expect(toast(page)).toContainText(`Einladung an ${email} verschickt.`)
  await expect(card.getByLabel('E-Mail der Person, die Kulturzentrum Lagerhaus verwalten soll')).toHaveValue('')
  const pending = card.getByRole('listitem').filter({ hasText: email })
  await expect(pending).toContainText('gültig bis')
  await expect(pending.getByRole('button', { name: `Erneut senden Einladung an ${email} zur Verwaltung von Kulturzentrum Lagerhaus` })).toBeVisible()
  await expectAccessible(page)
  await pending.scrollIntoViewIfNeeded()
  await shoot(page, 'admin-pending-invitation')

  // The person opens the link without an account: who invites to what, sign up or log in.
  const link = await invitationLinkFor(email)
  const visitorContext = await newContext(browser, { baseURL })
  const guest = await visitorContext.newPage()
  await guest.goto(link)
  await expect(guest.getByRole('heading', { level: 1, name: 'Einladung zur Verwaltung' })).toBeVisible()
  await expect(guest.getByText('lädt dich ein, Kulturzentrum Lagerhaus (Bremen) zu verwalten')).toBeVisible()
  await expect(guest.getByRole('link', { name: 'Konto anlegen' })).toBeVisible()
  await expectAccessible(guest)
  await shoot(guest, 'manager-invitation-page')

  // Another account opens it: told it is not theirs, nothing to accept.
  await loginAs(guest, DEMO.member)
  const response = await guest.goto(link)
  expect(response!.status()).toBe(403)
  await expect(guest.getByRole('alert')).toContainText('Diese Einladung gilt für eine andere Adresse')
  await expect(guest.getByRole('button', { name: /annehmen/ })).toHaveCount(0)
  await expectAccessible(guest)
  await shoot(guest, 'manager-invitation-other-account')

  // Send again: a new link, the old one is dead.
  await pending.getByRole('button', { name: /^Erneut senden/ }).click()
  await expect(toast(page)).toContainText(`Einladung an ${email} verschickt.`)
  const fresh = await invitationLinkFor(email)
  expect(fresh).not.toBe(link)
  await guest.context().clearCookies()
  expect((await guest.goto(link))!.status()).toBe(410)
  await expect(guest.getByRole('alert')).toContainText('Diese Einladung gilt nicht mehr')
  await shoot(guest, 'manager-invitation-revoked')

  // Revoke: gone from the list, the new link is dead too.
  await card.getByRole('listitem').filter({ hasText: email }).getByRole('button', { name: /^Zurückziehen/ }).click()
  await expect(toast(page)).toContainText(`Einladung an ${email} zurückgezogen.`)
  await expect(card.getByRole('listitem').filter({ hasText: email })).toHaveCount(0)
  expect((await guest.goto(fresh))!.status()).toBe(410)
  await visitorContext.close()
})
