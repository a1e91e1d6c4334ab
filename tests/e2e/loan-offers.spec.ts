import { mkdirSync } from 'node:fs'
import type { Browser, Page } from '@playwright/test'
import { DEMO, expect, expectAccessible, loginAs, newContext, test } from './fixtures'

/**
 * Issue #13 §1, ADR 058 addendum: a loan a lender offers in answer to a need is paid out only
 * after the borrower's side accepted it. Radwerk (member@lagerhaus.test) offers the Druckerei a
 * loan for its "Schneidemaschine" need; the Druckerei's owner accepts; then Radwerk pays out.
 */
const DRUCKEREI = 'druckerei-ostertor@lagerhaus.test'
const SHOTS = process.env.SHOTS_DIR

async function personIn(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await newContext(browser, { baseURL })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await loginAs(page, email)
  return { page, errors, close: () => context.close() }
}

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

test('a loan offered for a need waits for the borrower to accept it before the lender pays out', async ({ browser, baseURL }) => {
  const lender = await personIn(browser, baseURL, DEMO.member)
  const borrower = await personIn(browser, baseURL, DRUCKEREI)
  const l = lender.page
  const b = borrower.page
  const purpose = `Schneidemaschine ${Date.now().toString(36)}`

  await l.goto('/c/lagerhaus/listings?q=Schneidemaschine')
  await l.getByRole('link', { name: 'Kleinkredit für eine gebrauchte Schneidemaschine' }).first().click()
  await expect(l.getByText('Erst nach der Annahme zahlt ihr aus.')).toBeVisible()
  await l.getByRole('link', { name: 'Kredit anbieten' }).click()
  await l.getByLabel('Betrag in Euro').fill('500')
  await l.getByLabel('Laufzeit in Monaten').fill('5')
  await l.getByLabel('Zweck').fill(purpose)
  await l.getByRole('button', { name: 'Kredit anbieten' }).click()
  await expect(l.getByRole('heading', { level: 1, name: purpose })).toBeVisible()
  await expect(l.getByText('Das Kreditangebot ist gesendet. Es wartet auf die Annahme.', { exact: true })).toBeVisible()
  const loanUrl = new URL(l.url()).pathname

  // The lender alone cannot approve or pay out its own offer: it waits for the Druckerei.
  await expect(l.getByText(/wartet darauf, dass jemand von Druckerei/)).toBeVisible()
  await expect(l.getByRole('button', { name: 'Angebot zurückziehen' })).toBeVisible()
  await expect(l.getByRole('button', { name: 'Kredit zusagen' })).toHaveCount(0)
  await expect(l.getByRole('button', { name: 'Auszahlung erfassen' })).toHaveCount(0)
  await expect(l.getByText('hat den Kredit angeboten.', { exact: false })).toBeVisible()
  await expectAccessible(l)
  await shoot(l, 'loan-offer-lender-waits')
  // … not even by posting the steps by hand.
  for (const intent of ['approve', 'accept', 'disburse']) {
    const response = await l.request.post(loanUrl, {
      form: { intent, amount: '500', termMonths: '5', interestPercent: '0', startDate: '2030-01-01' },
      headers: { Origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    })
    expect(response.status(), intent).toBe(409)
  }

  // The borrower accepts the offer as offered.
  await b.goto(loanUrl)
  await expect(b.getByRole('heading', { level: 3, name: 'Angebot annehmen' })).toBeVisible()
  await expect(b.getByText(/Radwerk Kollektiv bietet euch 500,00\s€ über 5 Monate an/)).toBeVisible()
  await expectAccessible(b)
  await shoot(b, 'loan-offer-borrower-accepts')
  await b.getByRole('button', { name: 'Angebot annehmen' }).click()
  await expect(b.getByText('Angebot angenommen, der Tilgungsplan steht. Die Geldgeberin kann jetzt auszahlen.', { exact: true })).toBeVisible()
  await expect(b.getByRole('table', { name: 'Tilgungsplan' }).getByRole('row')).toHaveCount(6)
  await expect(b.getByRole('button', { name: 'Auszahlung erfassen' })).toHaveCount(0)
  await expectAccessible(b)

  // Now the lender pays out.
  await l.goto(loanUrl)
  await l.getByRole('button', { name: 'Auszahlung erfassen' }).click()
  await expect(l.getByText('Auszahlung erfasst.', { exact: true })).toBeVisible()
  await expectAccessible(l)

  expect(lender.errors).toEqual([])
  expect(borrower.errors).toEqual([])
  await lender.close()
  await borrower.close()
})

test('the console names the page of approvals and disputes', async ({ browser, baseURL }) => {
  const manager = await personIn(browser, baseURL, DEMO.manager)
  const m = manager.page
  await m.goto('/c/lagerhaus/manage')
  await m.getByRole('link', { name: 'Freigaben und Streitfälle' }).click()
  await expect(m.getByRole('heading', { level: 1, name: 'Freigaben und Streitfälle' })).toBeVisible()
  await expectAccessible(m)
  await shoot(m, 'manage-exchanges')
  expect(manager.errors).toEqual([])
  await manager.close()
})
