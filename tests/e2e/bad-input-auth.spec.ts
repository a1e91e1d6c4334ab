import { confirmationLinkFor, expect, test, uniqueEmail } from './fixtures'

/** Each case: the form as a person (or a script) might send it; all must answer 400 with field errors. */
const tooLong = 'x'.repeat(5000)

test.describe('signup refuses bad input with field errors and writes nothing', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['empty', {}, 'name'],
    ['too long name', { name: tooLong, email: 'a@example.test', password: 'long enough' }, 'name'],
    ['not an e-mail', { name: 'Ada', email: 'not-an-email', password: 'long enough' }, 'email'],
    ['short password', { name: 'Ada', email: 'a@example.test', password: 'short' }, 'password'],
    ['too long password', { name: 'Ada', email: 'a@example.test', password: 'p'.repeat(129) }, 'password'],
  ]
  for (const [label, form, field] of cases) {
    test(label, async ({ page }) => {
      const email = form.email === 'a@example.test' ? uniqueEmail('bad') : form.email
      const response = await page.request.post('/signup', { form: { ...form, ...(email ? { email } : {}) }, maxRedirects: 0 })
      expect(response.status()).toBe(400)
      expect(response.headers()['set-cookie'] ?? '').not.toContain('viertel_session=')
      // Nothing was written: the same e-mail with a good password still signs up fine.
      if (email && email.includes('@')) {
        const ok = await page.request.post('/signup', {
          form: { name: 'Ada', email, password: 'a good long password' },
          maxRedirects: 0,
        })
        expect(ok.status(), `signup after refused ${field}`).toBe(302)
      }
    })
  }

  test('a weak password is refused with the reason at the field', async ({ page }) => {
    await page.goto('/signup')
    await page.getByLabel('Name').fill('Ada')
    await page.getByLabel('E-Mail').fill(uniqueEmail('weak'))
    await page.getByLabel('Passwort').fill('password1234')
    await page.getByRole('button', { name: 'Konto anlegen' }).click()
    const field = page.getByLabel('Passwort')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(field).toHaveAccessibleDescription(/häufigsten/)
  })

  test('the page shows the message next to the field', async ({ page }) => {
    await page.goto('/signup')
    await page.getByLabel('Name').fill('Ada')
    await page.getByLabel('E-Mail').fill(uniqueEmail('short'))
    await page.getByLabel('Passwort').fill('short')
    await page.getByRole('button', { name: 'Konto anlegen' }).click()
    await expect(page.getByLabel('Passwort')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText('Mindestens 10 Zeichen.')).toBeVisible()
  })

  test('extra fields are ignored: nobody signs up as an admin', async ({ page }) => {
    const email = uniqueEmail('sneaky')
    const response = await page.request.post('/signup', {
      form: { name: 'Sneaky', email, password: 'a good long password', isAdmin: 'true', is_admin: 'true', role: 'admin' },
      maxRedirects: 0,
    })
    expect(response.status()).toBe(302)
    // the account exists once the address is confirmed (ADR 061); it is no admin's
    expect((await page.request.post(await confirmationLinkFor(email), { maxRedirects: 0 })).status()).toBe(302)
    const admin = await page.request.get('/admin', { maxRedirects: 0 })
    expect(admin.status()).toBe(403)
  })
})

test.describe('login refuses bad input', () => {
  for (const [label, form] of [
    ['empty', {}],
    ['wrong types', { email: '12345', password: '' }],
    ['too long', { email: `${tooLong}@example.test`, password: tooLong }],
  ] as const) {
    test(label, async ({ page }) => {
      const response = await page.request.post('/login', { form: form as Record<string, string>, maxRedirects: 0 })
      expect(response.status()).toBe(400)
    })
  }
})
