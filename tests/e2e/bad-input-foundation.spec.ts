import type { Page } from '@playwright/test'
import { DEMO, PERSON_PASSWORD, expect, loginAs, signUp, test, uniqueEmail, uniqueIp } from './fixtures'

/**
 * Every form action of the foundation given empty, too long, wrong-typed and extra fields:
 * 400 with the field's message, never a 500, and a follow-up GET shows nothing was written.
 */

type Form = Record<string, string>
interface Case {
  what: string
  form: Form
  /** a message the page shows next to the field */
  says: string
}

async function expectRefused(page: Page, url: string, cases: Case[]) {
  for (const { what, form, says } of cases) {
    const response = await page.request.post(url, { form, maxRedirects: 0 })
    expect(response.status(), `${url}: ${what}`).toBe(400)
    expect(await response.text(), `${url}: ${what}`).toContain(says)
  }
}

const LONG = (n: number) => 'x'.repeat(n)
const OTHER_CENTRE_ID = '00000000-0000-4000-8000-000000000001'
const unique = () => Math.random().toString(36).slice(2, 7)

test('/account refuses bad input and changes nothing', async ({ page }) => {
  const email = uniqueEmail('bad-account')
  await signUp(page, { name: 'Bea Beispiel', email })
  await expectRefused(page, '/account', [
    { what: 'empty name', form: { intent: 'profile', name: '' }, says: 'Bitte ausfüllen.' },
    { what: 'blank name', form: { intent: 'profile', name: '   ' }, says: 'Bitte ausfüllen.' },
    { what: 'too long name', form: { intent: 'profile', name: LONG(101) }, says: 'Höchstens 100 Zeichen.' },
    {
      what: 'extra fields with an empty name',
      form: { intent: 'profile', name: '', isAdmin: 'true', email: 'other@example.test', locale: 'fr' },
      says: 'Bitte ausfüllen.',
    },
    { what: 'empty password form', form: { intent: 'password' }, says: 'Bitte ausfüllen.' },
    {
      what: 'too short new password',
      form: { intent: 'password', currentPassword: PERSON_PASSWORD, newPassword: 'kurz', confirmPassword: 'kurz' },
      says: 'Mindestens 10 Zeichen.',
    },
    {
      what: 'too long new password',
      form: { intent: 'password', currentPassword: PERSON_PASSWORD, newPassword: LONG(129), confirmPassword: LONG(129) },
      says: 'Höchstens 128 Zeichen.',
    },
    {
      what: 'passwords that differ',
      form: {
        intent: 'password',
        currentPassword: PERSON_PASSWORD,
        newPassword: 'lang genug 1',
        confirmPassword: 'lang genug 2',
      },
      says: 'Die beiden Passwörter sind nicht gleich.',
    },
    {
      what: 'wrong current password',
      form: {
        intent: 'password',
        currentPassword: 'not my password',
        newPassword: 'lang genug 1',
        confirmPassword: 'lang genug 1',
      },
      says: 'Das aktuelle Passwort stimmt nicht.',
    },
    {
      what: 'unknown language',
      form: { intent: 'language', locale: 'xx' },
      says: 'Bitte eine der Möglichkeiten wählen.',
    },
    { what: 'empty language', form: { intent: 'language', locale: '' }, says: 'Bitte eine der Möglichkeiten wählen.' },
  ])
  const unknownIntent = await page.request.post('/account', { form: { intent: 'makeAdmin' }, maxRedirects: 0 })
  expect(unknownIntent.status()).toBe(400)

  await page.goto('/account')
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Bea Beispiel')
  await expect(page.getByRole('main').getByLabel('Sprache')).toHaveValue('de')
  // a valid change with extra fields: the extra fields are ignored
  const ok = await page.request.post('/account', {
    form: { intent: 'profile', name: 'Bea B.', isAdmin: 'true' },
    maxRedirects: 0,
  })
  expect(ok.status()).toBe(302)
  expect((await page.request.get('/admin', { maxRedirects: 0 })).status()).toBe(403)
  // the password is unchanged
  await loginAs(page, email, PERSON_PASSWORD)
})

test('/c/:centre/join refuses bad input and creates nothing', async ({ page }) => {
  await signUp(page, { name: 'Jo Join', email: uniqueEmail('bad-join') })
  const valid = { name: 'Gute Initiative', kind: 'project' }
  await expectRefused(page, '/c/lagerhaus/join', [
    { what: 'everything empty', form: {}, says: 'Bitte ausfüllen.' },
    { what: 'empty name', form: { ...valid, name: '' }, says: 'Bitte ausfüllen.' },
    { what: 'too short name', form: { ...valid, name: 'A' }, says: 'Mindestens 2 Zeichen.' },
    { what: 'too long name', form: { ...valid, name: LONG(101) }, says: 'Höchstens 100 Zeichen.' },
    { what: 'unknown kind', form: { ...valid, kind: 'empire' }, says: 'Bitte eine der Möglichkeiten wählen.' },
    { what: 'too long description', form: { ...valid, description: LONG(4001) }, says: 'Höchstens 4.000 Zeichen.' },
    {
      what: 'script as website',
      form: { ...valid, website: 'javascript:alert(1)' },
      says: 'Bitte eine vollständige Adresse eingeben',
    },
    {
      what: 'not an e-mail',
      form: { ...valid, contactEmail: 'hallo at example' },
      says: 'Bitte eine gültige E-Mail-Adresse eingeben.',
    },
    { what: 'too long message', form: { ...valid, message: LONG(2001) }, says: 'Höchstens 2.000 Zeichen.' },
    {
      what: 'extra fields with an empty name',
      form: { ...valid, name: '', status: 'active', centreId: OTHER_CENTRE_ID, role: 'owner' },
      says: 'Bitte ausfüllen.',
    },
  ])
  // two values for one field are wrong-typed too
  const twice = await page.request.post('/c/lagerhaus/join', {
    data: 'name=Eins&name=Zwei&kind=project',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  })
  expect(twice.status()).toBe(400)
  expect(await twice.text()).toContain('Dieser Wert ist ungültig.')

  await page.goto('/c/lagerhaus/join')
  await expect(page.getByRole('heading', { name: 'Deine Initiativen hier' })).toHaveCount(0)

  // valid input with extra fields: applied (not active), in this centre, the extras ignored
  const name = `Extra ${unique()}`
  const ok = await page.request.post('/c/lagerhaus/join', {
    form: { ...valid, name, status: 'active', centreId: OTHER_CENTRE_ID, role: 'member', decidedBy: OTHER_CENTRE_ID },
    maxRedirects: 0,
  })
  expect(ok.status()).toBe(302)
  await page.goto(ok.headers().location!)
  await expect(page.getByText('hat sich beworben; das Team des Zentrums hat noch nicht entschieden')).toBeVisible()
  await expect(page.getByRole('complementary')).toContainText('Inhaber:in')
})

test('/c/:centre/manage/applications refuses bad input; a second decision is answered clearly', async ({
  page,
  browser,
}) => {
  const name = `Bewerbung ${unique()}`
  const applicant = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() },
  })
  const applicantPage = await applicant.newPage()
  await signUp(applicantPage, { name: 'Ada Applicant', email: uniqueEmail('bad-apply') })
  expect(
    (
      await applicantPage.request.post('/c/lagerhaus/join', { form: { name, kind: 'association' }, maxRedirects: 0 })
    ).status(),
  ).toBe(302)
  await applicant.close()

  await loginAs(page, DEMO.manager)
  await page.goto('/c/lagerhaus/manage/applications')
  const form = page.getByRole('form', { name })
  const initiativeId = (await form.locator('input[name="initiativeId"]').getAttribute('value'))!
  const url = '/c/lagerhaus/manage/applications'
  await expectRefused(page, url, [
    { what: 'nothing', form: {}, says: 'Bitte eine der Möglichkeiten wählen.' },
    { what: 'no initiative', form: { intent: 'admit' }, says: 'Dieser Wert ist ungültig.' },
    { what: 'not an id', form: { intent: 'admit', initiativeId: 'lagerhaus' }, says: 'Dieser Wert ist ungültig.' },
    {
      what: 'unknown decision',
      form: { intent: 'approve', initiativeId },
      says: 'Bitte eine der Möglichkeiten wählen.',
    },
    {
      what: 'too long message',
      form: { intent: 'reject', initiativeId, message: LONG(1001) },
      says: 'Höchstens 1.000 Zeichen.',
    },
    {
      what: 'extra fields with a too long message',
      form: {
        intent: 'admit',
        initiativeId,
        message: LONG(1001),
        status: 'active',
        centreId: OTHER_CENTRE_ID,
        decidedBy: initiativeId,
      },
      says: 'Höchstens 1.000 Zeichen.',
    },
  ])
  // an id that is no application of this centre: 404
  const foreign = await page.request.post(url, {
    form: { intent: 'admit', initiativeId: OTHER_CENTRE_ID },
    maxRedirects: 0,
  })
  expect(foreign.status()).toBe(404)

  await page.reload()
  await expect(page.getByRole('form', { name })).toBeVisible()

  const first = await page.request.post(url, {
    form: { intent: 'admit', initiativeId, message: 'Willkommen' },
    maxRedirects: 0,
  })
  expect(first.status()).toBe(302)
  const second = await page.request.post(url, { form: { intent: 'reject', initiativeId }, maxRedirects: 0 })
  expect(second.status()).toBe(409)
  expect(await second.text()).toContain('Diese Bewerbung wurde inzwischen schon angenommen. Es wurde nichts geändert.')
  await page.reload()
  const decided = page
    .getByRole('region', { name: 'Kürzlich entschieden' })
    .getByRole('listitem')
    .filter({ hasText: name })
  await expect(decided).toContainText('Aufgenommen von Maren Manager')
})

test('the initiative profile refuses bad input from its owner and changes nothing', async ({ page }) => {
  await signUp(page, { name: 'Otto Owner', email: uniqueEmail('bad-owner') })
  const name = `Profil ${unique()}`
  const created = await page.request.post('/c/lagerhaus/join', { form: { name, kind: 'enterprise' }, maxRedirects: 0 })
  const url = created.headers().location!
  const profile = { intent: 'profile', name, kind: 'enterprise' }
  await expectRefused(page, url, [
    { what: 'empty profile', form: { intent: 'profile' }, says: 'Bitte ausfüllen.' },
    { what: 'too long name', form: { ...profile, name: LONG(101) }, says: 'Höchstens 100 Zeichen.' },
    { what: 'unknown kind', form: { ...profile, kind: '7' }, says: 'Bitte eine der Möglichkeiten wählen.' },
    {
      what: 'bad website',
      form: { ...profile, website: 'ftp://files.example' },
      says: 'Bitte eine vollständige Adresse eingeben',
    },
    { what: 'too long sector', form: { ...profile, sector: LONG(101) }, says: 'Höchstens 100 Zeichen.' },
    {
      what: 'extra fields with an empty name',
      form: { ...profile, name: '', status: 'active', centreId: OTHER_CENTRE_ID, slug: 'hijack' },
      says: 'Bitte ausfüllen.',
    },
    { what: 'empty invitation', form: { intent: 'invite' }, says: 'Bitte ausfüllen.' },
    {
      what: 'not an e-mail',
      form: { intent: 'invite', email: 'colleague' },
      says: 'Bitte eine gültige E-Mail-Adresse eingeben.',
    },
    {
      what: 'too long e-mail',
      form: { intent: 'invite', email: `${LONG(250)}@example.test` },
      says: 'Höchstens 254 Zeichen.',
    },
    {
      what: 'invitation with a role',
      form: { intent: 'invite', email: '', role: 'owner', initiativeId: OTHER_CENTRE_ID },
      says: 'Bitte ausfüllen.',
    },
    { what: 'revoke without id', form: { intent: 'revoke' }, says: 'Dieser Wert ist ungültig.' },
    {
      what: 'revoke with a bad id',
      form: { intent: 'revoke', invitationId: '1 or 1=1' },
      says: 'Dieser Wert ist ungültig.',
    },
    { what: 'remove without id', form: { intent: 'remove' }, says: 'Dieser Wert ist ungültig.' },
    { what: 'remove with a bad id', form: { intent: 'remove', userId: 'me' }, says: 'Dieser Wert ist ungültig.' },
  ])
  expect((await page.request.post(url, { form: { intent: 'delete' }, maxRedirects: 0 })).status()).toBe(400)
  // ids of nothing here: 404
  for (const form of [
    { intent: 'revoke', invitationId: OTHER_CENTRE_ID } as Form,
    { intent: 'remove', userId: OTHER_CENTRE_ID },
  ]) {
    expect((await page.request.post(url, { form, maxRedirects: 0 })).status(), form.intent).toBe(404)
  }

  await page.goto(url)
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText('hat sich beworben')).toBeVisible()
  await expect(page.getByText('Keine offenen Einladungen.')).toBeVisible()
  await expect(page.getByRole('heading', { name: '1 Person' })).toBeVisible()

  // someone who is not an owner: 404 for the applying initiative's actions
  await signUp(page, { name: 'Nora Nobody', email: uniqueEmail('not-owner') })
  const stranger = await page.request.post(url, { form: { ...profile, name: 'Übernommen' }, maxRedirects: 0 })
  expect(stranger.status()).toBe(404)
})

test('an owner of an active initiative cannot edit another initiative, and a member cannot use owner actions', async ({
  page,
}) => {
  // member@lagerhaus.test owns Radwerk; Viertelklang is someone else's
  await loginAs(page, DEMO.member)
  const foreign = await page.request.post('/c/lagerhaus/initiatives/viertelklang', {
    form: { intent: 'profile', name: 'Gekapert', kind: 'other' },
    maxRedirects: 0,
  })
  expect(foreign.status()).toBe(404)
  await loginAs(page, 'kollegin@lagerhaus.test')
  const asMember = await page.request.post('/c/lagerhaus/initiatives/radwerk', {
    form: { intent: 'invite', email: 'friend@example.test' },
    maxRedirects: 0,
  })
  expect(asMember.status()).toBe(403)
  await page.goto('/c/lagerhaus/initiatives/viertelklang')
  await expect(page.getByRole('heading', { level: 1, name: 'Viertelklang e.V.' })).toBeVisible()
})

test('/invite/:token refuses unknown tokens', async ({ page }) => {
  await signUp(page, { name: 'Ida Invite', email: uniqueEmail('bad-invite') })
  for (const token of ['nope', 'a'.repeat(32), "'; drop table users; --"]) {
    const response = await page.request.post(`/invite/${encodeURIComponent(token)}`, {
      form: { role: 'owner', initiativeId: OTHER_CENTRE_ID },
      maxRedirects: 0,
    })
    expect(response.status(), token).toBe(404)
    expect(await response.text()).toContain('Diese Einladung gibt es nicht')
  }
})

test('/admin refuses bad input and creates nothing', async ({ page }) => {
  await loginAs(page, DEMO.admin)
  const slug = `bad-${unique()}`
  const centre = {
    intent: 'createCentre',
    slug,
    name: `Haus ${slug}`,
    city: 'Gent',
    country: 'BE',
    moderationMode: 'post',
    hourValueEuros: '20',
    languages: 'nl',
  }
  await expectRefused(page, '/admin', [
    { what: 'empty centre', form: { intent: 'createCentre' }, says: 'Bitte ausfüllen.' },
    {
      what: 'taken slug',
      form: { ...centre, slug: 'lagerhaus' },
      says: 'Diesen Kurznamen hat schon ein anderes Zentrum.',
    },
    {
      what: 'bad slug',
      form: { ...centre, slug: 'Haus am See' },
      says: 'Nur Kleinbuchstaben, Ziffern und Bindestriche.',
    },
    { what: 'too long name', form: { ...centre, name: LONG(121) }, says: 'Höchstens 120 Zeichen.' },
    { what: 'bad country', form: { ...centre, country: 'Belgien' }, says: 'Ländercode aus zwei Buchstaben' },
    { what: 'hour value as words', form: { ...centre, hourValueEuros: 'zwanzig' }, says: 'Bitte eine Zahl eingeben.' },
    { what: 'hour value too high', form: { ...centre, hourValueEuros: '100000' }, says: 'Höchstens 1.000.' },
    { what: 'negative hour value', form: { ...centre, hourValueEuros: '-5' }, says: 'Mindestens 1.' },
    {
      what: 'unknown moderation',
      form: { ...centre, moderationMode: 'never' },
      says: 'Bitte eine der Möglichkeiten wählen.',
    },
    { what: 'unknown language', form: { ...centre, languages: 'tlh' }, says: 'Bitte eine der Möglichkeiten wählen.' },
    {
      what: 'extra fields with no city',
      form: { ...centre, city: '', id: OTHER_CENTRE_ID, loanLimitCents: '-1' },
      says: 'Bitte ausfüllen.',
    },
    { what: 'appoint nobody', form: { intent: 'appoint' }, says: 'Bitte ausfüllen.' },
    {
      what: 'appoint with a bad centre id',
      form: { intent: 'appoint', centreId: 'lagerhaus', email: DEMO.member },
      says: 'Dieser Wert ist ungültig.',
    },
    {
      what: 'appoint a non-address',
      form: { intent: 'appoint', centreId: OTHER_CENTRE_ID, email: 'member' },
      says: 'Bitte eine gültige E-Mail-Adresse eingeben.',
    },
    {
      what: 'remove with bad ids',
      form: { intent: 'removeManager', centreId: 'x', userId: 'y' },
      says: 'Dieser Wert ist ungültig.',
    },
  ])
  await page.goto('/admin')
  await expect(page.getByRole('heading', { name: `Haus ${slug}` })).toHaveCount(0)

  // a centre that does not exist is 404. (An address without an account is not refused: since ADR 073
  // it gets an invitation to manage the centre; manager-invitation.spec and the HTTP first-manager
  // test follow that path.)
  const missing = await page.request.post('/admin', {
    form: { intent: 'appoint', centreId: OTHER_CENTRE_ID, email: DEMO.member },
    maxRedirects: 0,
  })
  expect(missing.status()).toBe(404)

  // not an admin: 403 for every action
  await loginAs(page, DEMO.manager)
  const refused = await page.request.post('/admin', { form: centre, maxRedirects: 0 })
  expect(refused.status()).toBe(403)
})
