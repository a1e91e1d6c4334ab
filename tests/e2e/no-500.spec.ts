import { request as playwrightRequest, type APIRequestContext } from '@playwright/test'
import { confirmationLinkFor, DEMO, DEMO_PASSWORD, PERSON_PASSWORD, expect, test, uniqueEmail, uniqueIp } from './fixtures'

/**
 * Robustness sweep (PRODUCT.md §5 "Bad input … never a 500, and nothing is half-written";
 * "Amounts are positive integers with upper bounds"; "extra form fields are ignored").
 *
 * Every POST form a legitimate user sees is found on the page itself and sent back mangled:
 *   (a) an empty body, (b) every field 10,000 characters long, (c) numbers where text is
 *   expected and text where numbers are expected, negative, zero and huge (1e15) amounts,
 *   (d) an unknown intent, (e) harmless extra fields (role, centreId, status, balance, isAdmin)
 *   on a valid submission, whose effect is checked afterwards.
 * Every page is also read with odd query strings. Nothing may answer 5xx.
 *
 * Forms that act on a row are exercised on rows made by this test (a fresh person who joins
 * Lagerhaus with a fresh initiative), so the demo data other journeys rely on stays as it is.
 */

const L = 'lagerhaus'
const A = 'aucoop'
const LONG = 'x'.repeat(10_000)
const today = new Date().toISOString().slice(0, 10)

type Who = 'anon' | 'fresh' | 'member' | 'manager' | 'admin'
const as = {} as Record<Who, APIRequestContext>
const made = {
  email: uniqueEmail('no500'),
  slug: '',
  initiativeId: '',
  listingId: '',
  exchangeId: '',
  loanId: '',
  radwerkOffer: '',
  aucoopCentreId: '',
}

// ---------------------------------------------------------------------------------------------
// form discovery (the same reading of pages as authorization-matrix.spec.ts)

function decode(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function attrs(tag: string) {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decode(m[2] ?? '')
  return out
}

interface Field {
  name: string
  value: string
  numeric: boolean
  hidden: boolean
}
interface PostForm {
  action: string
  fields: Field[]
  intents: string[]
}

const NUMERIC_NAME = /amount|minutes|hours|cents|euros|value|price|capacity|area|deposit|term|interest|percent|limit|year|count/i

function postForms(page: string, pageUrl: string): PostForm[] {
  const forms: PostForm[] = []
  for (const m of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const formAttrs = attrs(m[1]!)
    if ((formAttrs['method'] ?? 'get').toLowerCase() !== 'post') continue
    const action = decode(formAttrs['action'] || pageUrl)
    if (/^\/(logout|locale)\b/.test(action)) continue
    const fields = new Map<string, Field>()
    const intents: string[] = []
    for (const t of m[2]!.matchAll(/<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\1>|<(input|button)\b([^>]*)>/g)) {
      const kind = (t[1] ?? t[4])!
      const a = attrs((t[2] ?? t[5])!)
      const name = a['name']
      if (!name || fields.has(name)) {
        if (name === 'intent' && a['value']) intents.push(a['value'])
        continue
      }
      const type = (a['type'] ?? (kind === 'input' ? 'text' : kind)).toLowerCase()
      if (name === 'intent') {
        if (a['value']) intents.push(a['value'])
        continue
      }
      if (type === 'file' || type === 'submit') continue
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue
      let value = a['value'] ?? ''
      if (kind === 'select') {
        const options = [...(t[3] ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]!))
        value = (options.find((o) => 'selected' in o && o['value']) ?? options.find((o) => o['value']))?.['value'] ?? ''
      }
      if (kind === 'textarea') value = decode((t[3] ?? '').replace(/<[^>]*>/g, ''))
      const numeric = type === 'number' || /numeric|decimal/.test(a['inputmode'] ?? '') || (type !== 'hidden' && kind !== 'select' && NUMERIC_NAME.test(name))
      if (!value && type === 'date') value = today
      if (!value && type === 'datetime-local') value = `${today}T10:00`
      if (!value && type === 'email' && 'required' in a) value = 'someone@example.test'
      if (!value && numeric && 'required' in a) value = '2'
      if (!value && (kind === 'textarea' || type === 'text') && 'required' in a) value = 'Robustheit'
      fields.set(name, { name, value, numeric, hidden: type === 'hidden' })
    }
    forms.push({ action, fields: [...fields.values()], intents: [...new Set(intents)] })
  }
  return forms
}

async function open(baseURL: string) {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
}

async function login(context: APIRequestContext, email: string) {
  const response = await context.post('/login', { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 })
  expect(response.status(), `login of ${email}`).toBe(302)
}

async function page(who: Who, url: string) {
  const response = await as[who].get(url, { maxRedirects: 0 })
  expect(response.status(), `${who} GET ${url}`).toBe(200)
  return response.text()
}

function mainText(html: string) {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html
  return main.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

async function postOk(who: Who, url: string, form: Record<string, string>, what: string) {
  const response = await as[who].post(url, { form, maxRedirects: 0 })
  if (response.status() !== 302) {
    const body = await response.text()
    const errors = [...mainText(body).matchAll(/[^.]{0,80}(?:Bitte|ungültig|muss|fehlt|zu lang|zu kurz|erforderlich|Pflicht)[^.]{0,80}/gi)].map((m) => m[0])
    throw new Error(`${what}: ${who} POST ${url} ${JSON.stringify(form).slice(0, 400)} → ${response.status()} ${errors.join(' | ')}`)
  }
  return response.headers()['location'] ?? ''
}

/** The new-listing form's values for a listing of category "other" (its details section only). */
function otherListing(form: PostForm, values: Record<string, string>) {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(valuesOf(form))) if (!key.startsWith('details.')) out[key] = value
  return { ...out, 'details.category': 'other', ...values, category: 'other' }
}

function valuesOf(form: PostForm, intent?: string) {
  const out: Record<string, string> = {}
  for (const f of form.fields) if (f.value !== '') out[f.name] = f.value
  if (intent) out.intent = intent
  return out
}

// ---------------------------------------------------------------------------------------------
// setup: a fresh person with a fresh, admitted initiative, a listing, an exchange and a loan

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const baseURL = test.info().project.use.baseURL!
  for (const who of ['anon', 'fresh', 'member', 'manager', 'admin'] as Who[]) as[who] = await open(baseURL)
  await login(as.member, DEMO.member)
  await login(as.manager, DEMO.manager)
  await login(as.admin, DEMO.admin)

  const signup = await as.fresh.post('/signup', { form: { name: 'Rob Ust', email: made.email, password: PERSON_PASSWORD }, maxRedirects: 0 })
  expect(signup.status(), 'signup').toBe(302)
  // signup logs in once the e-mailed link is followed (ADR 061)
  expect((await as.fresh.post(await confirmationLinkFor(made.email), { maxRedirects: 0 })).status(), 'confirm').toBe(302)

  // join Lagerhaus with a new initiative, and be admitted by the manager
  const joinForm = postForms(await page('fresh', `/c/${L}/join`), `/c/${L}/join`).find((f) => f.fields.some((x) => x.name === 'name'))!
  const name = `Robustheit ${Date.now().toString(36)}`
  const joined = await postOk('fresh', joinForm.action, { ...valuesOf(joinForm), name, description: 'Prüft Eingaben.', message: 'Hallo' }, 'join')
  made.slug = /initiatives\/([^/?#]+)/.exec(joined)![1]!
  const applications = await page('manager', `/c/${L}/manage/applications`)
  const decision = postForms(applications, `/c/${L}/manage/applications`).find((f) => f.intents.includes('admit') && applications.includes(name))
  const mine = [...applications.matchAll(/name="initiativeId" value="([^"]+)"/g)].map((m) => m[1]!)
  const chunk = applications.slice(applications.indexOf(name))
  made.initiativeId = /name="initiativeId" value="([^"]+)"/.exec(chunk)?.[1] ?? mine.at(-1)!
  await postOk('manager', decision?.action ?? `/c/${L}/manage/applications`, { intent: 'admit', initiativeId: made.initiativeId, message: '' }, 'admit')

  // a listing of its own (category "other", so no category details are needed)
  const newListing = postForms(await page('fresh', `/c/${L}/listings/new`), `/c/${L}/listings/new`).find((f) => f.fields.some((x) => x.name === 'title'))!
  const listingValues = otherListing(newListing, { initiativeId: made.initiativeId, kind: 'need', category: 'other', title: 'Robustheit braucht Hilfe', description: 'Eine Anfrage zum Prüfen.', compensation: 'reciprocal', visibility: 'centre' })
  const created = await postOk('fresh', newListing.action, listingValues, 'new listing')
  made.listingId = UUID.exec(created)![0]

  // an exchange: the fresh initiative asks for one of Radwerk's offers
  const radwerk = await page('fresh', `/c/${L}/initiatives/radwerk`)
  const radwerkListings = [...new Set([...radwerk.matchAll(new RegExp(`/c/${L}/listings/(${UUID.source})`, 'g'))].map((m) => m[1]!))]
  for (const id of radwerkListings) {
    const response = await as.fresh.get(`/c/${L}/exchanges/new?listing=${id}`, { maxRedirects: 0 })
    if (response.status() !== 200) continue
    const form = postForms(await response.text(), `/c/${L}/exchanges/new?listing=${id}`).find((f) => f.fields.some((x) => x.name === 'listingId'))
    if (!form) continue
    const location = await postOk('fresh', form.action, { ...valuesOf(form), initiativeId: made.initiativeId, minutes: '2', message: 'Dürfen wir?' }, 'propose exchange')
    made.exchangeId = UUID.exec(location)?.[0] ?? ''
    made.radwerkOffer = id
    if (made.exchangeId) break
  }
  expect(made.exchangeId, 'an exchange of the fresh initiative').not.toBe('')

  // a loan request of the fresh initiative
  const loanForm = postForms(await page('fresh', `/c/${L}/loans/new`), `/c/${L}/loans/new`).find((f) => f.fields.some((x) => x.name === 'amount'))
  if (loanForm) {
    const location = await as.fresh.post(loanForm.action, {
      form: { ...valuesOf(loanForm), initiativeId: made.initiativeId, amount: '300', termMonths: '6', purpose: 'Robustheit', interestPercent: '0' },
      maxRedirects: 0,
    })
    made.loanId = UUID.exec(location.headers()['location'] ?? '')?.[0] ?? ''
  }

  // AUCOOP's centre id, for the extra-field checks
  const admin = await page('admin', '/admin')
  const at = admin.indexOf('aucoop')
  made.aucoopCentreId = /name="centreId" value="([^"]+)"/.exec(admin.slice(at))?.[1] ?? ''
})

test.afterAll(async () => {
  for (const context of Object.values(as)) await context?.dispose()
})

// ---------------------------------------------------------------------------------------------
// the POST sweep

interface Variant {
  label: string
  body: Record<string, string>
  /** true: the answer must be 4xx (bad input); false: anything but 5xx */
  mustRefuse: boolean
}

function variants(form: PostForm, options: { zero: boolean }): Variant[] {
  const out: Variant[] = []
  const withIntent = form.intents.length ? form.intents : [undefined]
  const realFields = form.fields.filter((f) => f.name !== 'redirectTo')
  out.push({ label: '(a) empty body', body: {}, mustRefuse: true })
  for (const intent of withIntent) {
    const base = valuesOf(form, intent)
    const tag = intent ? ` intent=${intent}` : ''
    if (realFields.length) {
      const long: Record<string, string> = { ...base }
      for (const f of realFields) long[f.name] = LONG
      out.push({ label: `(b) 10,000 characters${tag}`, body: long, mustRefuse: true })
      const swapped: Record<string, string> = { ...base }
      for (const f of realFields) swapped[f.name] = f.numeric ? 'abc' : '12345'
      out.push({ label: `(c) swapped types${tag}`, body: swapped, mustRefuse: realFields.some((f) => f.numeric || f.hidden) })
    }
    const numeric = realFields.filter((f) => f.numeric)
    if (numeric.length) {
      const amounts: [string, boolean][] = [
        ['-5', true],
        ['1e15', true],
        ['1000000000000000', true],
        ['NaN', true],
        ['Infinity', true],
      ]
      if (options.zero) amounts.push(['0', false])
      for (const [amount, mustRefuse] of amounts) {
        const body: Record<string, string> = { ...base }
        for (const f of numeric) body[f.name] = amount
        out.push({ label: `(c) amounts ${amount}${tag}`, body, mustRefuse })
      }
    }
    if (intent) out.push({ label: '(d) unknown intent', body: { ...base, intent: `nonsense-${intent}` }, mustRefuse: true })
  }
  // an empty intent may fall back to the form's default act (e.g. saving a search): only no 5xx
  out.push({ label: '(d) empty intent', body: { ...valuesOf(form), intent: '' }, mustRefuse: false })
  return out
}

/**
 * The save-search form sits on the matches (and listings) page; by design (see the route) a bad submission
 * goes back there with an error toast instead of a 400. Nothing may be saved by it, which the
 * sweep of that page checks on /notifications/searches afterwards.
 */
function refusedByRedirect(action: string, location: string | undefined) {
  return /^\/c\/[^/]+\/searches\b/.test(action) && /^\/c\/[^/]+\/(listings|matches)\b/.test(location ?? '')
}

async function sweep(who: Who, pageUrl: string, options: { zero: boolean } = { zero: true }) {
  const html = await page(who, pageUrl)
  // many alike forms (one per row): two of each shape are enough
  const seenShapes = new Map<string, number>()
  const forms = postForms(html, pageUrl).filter((form) => {
    const shape = `${form.action.replace(/[0-9a-f-]{36}/g, ':id')}|${form.fields.map((f) => f.name).join(',')}|${form.intents.join(',')}`
    seenShapes.set(shape, (seenShapes.get(shape) ?? 0) + 1)
    return seenShapes.get(shape)! <= 2
  })
  return sweepForms(who, pageUrl, forms, options)
}

async function sweepForms(who: Who, pageUrl: string, forms: PostForm[], options: { zero: boolean }) {
  const failures: string[] = []
  let sent = 0
  for (const form of forms) {
    for (const variant of variants(form, options)) {
      const response = await as[who].post(form.action, { form: variant.body, maxRedirects: 0 })
      sent++
      const status = response.status()
      if (status >= 500) failures.push(`${variant.label}: POST ${form.action} → ${status}`)
      else if (variant.mustRefuse && (status < 400 || status >= 500) && !refusedByRedirect(form.action, response.headers()['location'])) {
        failures.push(`${variant.label}: POST ${form.action} → ${status} ${response.headers()['location'] ?? ''} (bad input accepted)`)
      }
    }
  }
  test.info().annotations.push({ type: 'swept', description: `${who} ${pageUrl}: ${forms.length} forms, ${sent} POSTs` })
  expect(failures, `${who}: mangled POSTs to the forms of ${pageUrl}`).toEqual([])
  return forms.length
}

// Pages whose forms act on rows this test made, or on nothing that other journeys use.
const FRESH_PAGES: [Who, string, () => string][] = [
  ['fresh', '/account', () => '/account'],
  ['fresh', '/c/lagerhaus/join', () => `/c/${L}/join`],
  ['fresh', '/c/lagerhaus/listings/new', () => `/c/${L}/listings/new`],
  ['fresh', '/c/lagerhaus/exchanges/new', () => `/c/${L}/exchanges/new`],
  ['fresh', '/c/lagerhaus/exchanges/new?listing=:radwerkOffer', () => `/c/${L}/exchanges/new?listing=${made.radwerkOffer}`],
  ['fresh', '/c/lagerhaus/loans/new', () => `/c/${L}/loans/new`],
  ['fresh', '/c/lagerhaus/initiatives/:ownInitiative', () => `/c/${L}/initiatives/${made.slug}`],
  ['fresh', '/c/lagerhaus/listings/:ownListing', () => `/c/${L}/listings/${made.listingId}`],
  ['fresh', '/c/lagerhaus/listings/:ownListing/edit', () => `/c/${L}/listings/${made.listingId}/edit`],
  ['fresh', '/c/lagerhaus/listings/:radwerkOffer', () => `/c/${L}/listings/${made.radwerkOffer}`],
  ['fresh', '/c/lagerhaus/listings/:radwerkOffer/bookings', () => `/c/${L}/listings/${made.radwerkOffer}/bookings`],
  ['fresh', '/c/lagerhaus/exchanges/:ownExchange', () => `/c/${L}/exchanges/${made.exchangeId}`],
  ['member', '/c/lagerhaus/exchanges/:ownExchange', () => `/c/${L}/exchanges/${made.exchangeId}`],
  ['fresh', '/c/lagerhaus/matches', () => `/c/${L}/matches`],
  ['fresh', '/c/lagerhaus/bookings', () => `/c/${L}/bookings`],
  ['fresh', '/notifications', () => '/notifications'],
  ['fresh', '/notifications/settings', () => '/notifications/settings'],
  ['fresh', '/notifications/searches', () => '/notifications/searches'],
]

for (const [who, label, url] of FRESH_PAGES) {
  test(`mangled POSTs as ${who} to the forms of ${label}`, async () => {
    await sweep(who, url())
    if (label.endsWith('/matches')) {
      const saved = await page(who, '/notifications/searches')
      expect(saved, 'no saved search of 10,000 characters').not.toContain('x'.repeat(300))
    }
  })
}

test('mangled POSTs as fresh to /c/lagerhaus/searches (save and delete a search; the form is not on a page yet)', async () => {
  const form: PostForm = {
    action: `/c/${L}/searches`,
    fields: [
      { name: 'words', value: 'Bohrmaschine', numeric: false, hidden: false },
      { name: 'kind', value: 'offer', numeric: false, hidden: false },
      { name: 'category', value: 'tool', numeric: false, hidden: false },
      { name: 'id', value: '00000000-0000-4000-8000-000000000000', numeric: false, hidden: true },
      { name: 'redirectTo', value: `/c/${L}/listings`, numeric: false, hidden: true },
    ],
    intents: ['save', 'delete'],
  }
  await sweepForms('fresh', form.action, [form], { zero: true })
  const saved = await page('fresh', '/notifications/searches')
  expect(saved, 'no saved search of 10,000 characters').not.toContain('x'.repeat(300))
})

test('mangled POSTs to a fresh loan, as its borrower and as the manager', async () => {
  test.skip(!made.loanId, 'the loan request form did not create a loan')
  await sweep('fresh', `/c/${L}/loans/${made.loanId}`)
  await sweep('manager', `/c/${L}/loans/${made.loanId}`)
})

const CONSOLE_PAGES = [
  `/c/${L}/manage`,
  `/c/${L}/manage/applications`,
  `/c/${L}/manage/listings`,
  `/c/${L}/manage/reports`,
  `/c/${L}/manage/exchanges`,
  `/c/${L}/manage/ledger`,
  `/c/${L}/manage/ledger?before=not-a-key`,
  `/c/${L}/manage/audit`,
  `/c/${L}/manage/report`,
  `/c/${L}/manage/initiatives`,
  `/c/${L}/manage/settings`,
  `/c/${L}/loans/fund`,
]
for (const url of CONSOLE_PAGES) {
  // no zero amounts here: a 0 the console accepts (an optional figure) would change the demo centre
  test(`mangled POSTs as the manager to the forms of ${url}`, async () => {
    await sweep('manager', url, { zero: false })
  })
}

test('mangled POSTs as the admin to the forms of /admin', async () => {
  await sweep('admin', '/admin', { zero: false })
})

test('mangled POSTs to login and signup (each from its own address)', async ({ playwright }) => {
  const baseURL = test.info().project.use.baseURL!
  const bodies: [string, Record<string, string>][] = [
    ['/login', {}],
    ['/login', { email: LONG, password: LONG }],
    ['/login', { email: '12345', password: '12345' }],
    ['/login', { email: DEMO.member, password: LONG, redirectTo: LONG }],
    ['/login', { email: DEMO.member, password: DEMO_PASSWORD, redirectTo: '//evil.example' }],
    ['/signup', {}],
    ['/signup', { name: LONG, email: LONG, password: LONG }],
    ['/signup', { name: '12345', email: '12345', password: '1' }],
  ]
  for (const [url, form] of bodies) {
    const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueIp() } })
    const response = await context.post(url, { form, maxRedirects: 0 })
    expect(response.status(), `POST ${url} ${Object.keys(form).join(',')}`).toBeLessThan(500)
    if (form.redirectTo === '//evil.example') expect(response.headers()['location']).not.toContain('evil.example')
    else expect([400, 401, 403, 422, 429], `POST ${url} ${JSON.stringify(form).slice(0, 80)} → ${response.status()}`).toContain(response.status())
    await context.dispose()
  }
})

// ---------------------------------------------------------------------------------------------
// (e) extra fields on valid submissions have no effect

const EXTRA = () => ({
  role: 'owner',
  centreId: made.aucoopCentreId || '00000000-0000-4000-8000-000000000000',
  status: 'active',
  balance: '999999',
  isAdmin: 'true',
  is_admin: 'true',
  createdBy: '00000000-0000-4000-8000-000000000000',
  state: 'confirmed',
})

test('(e) extra fields on the account, the initiative profile, a new listing and a proposal change nothing else', async () => {
  // account: still no admin
  const account = postForms(await page('fresh', '/account'), '/account')
  const profile = account.find((f) => f.intents.includes('profile'))!
  await postOk('fresh', profile.action, { ...valuesOf(profile, 'profile'), ...EXTRA() }, 'account profile')
  expect([403, 404]).toContain((await as.fresh.get('/admin', { maxRedirects: 0 })).status())
  expect((await as.fresh.get(`/c/${L}/manage`, { maxRedirects: 0 })).status()).toBe(403)
  expect((await as.fresh.get(`/c/${A}/manage`, { maxRedirects: 0 })).status()).toBe(403)

  // initiative profile: stays in Lagerhaus, stays an initiative of its own
  const here = `/c/${L}/initiatives/${made.slug}`
  const edit = postForms(await page('fresh', here), here).find((f) => f.intents.includes('profile'))!
  await postOk('fresh', edit.action, { ...valuesOf(edit, 'profile'), ...EXTRA() }, 'initiative profile')
  expect((await as.anon.get(here, { maxRedirects: 0 })).status()).toBe(200)
  expect((await as.anon.get(`/c/${A}/initiatives/${made.slug}`, { maxRedirects: 0 })).status()).toBe(404)

  // a new listing in a pre-moderated-or-not centre: lands in Lagerhaus, with the status the centre's rules give
  const newListing = postForms(await page('fresh', `/c/${L}/listings/new`), `/c/${L}/listings/new`).find((f) => f.fields.some((x) => x.name === 'title'))!
  const location = await postOk(
    'fresh',
    newListing.action,
    otherListing(newListing, {
      initiativeId: made.initiativeId,
      kind: 'offer',
      category: 'other',
      title: 'Extra-Felder-Angebot',
      description: 'Mit fremden Feldern abgeschickt.',
      compensation: 'free',
      visibility: 'centre',
      ...EXTRA(),
      status: 'hidden',
    }),
    'listing with extra fields',
  )
  const listingId = UUID.exec(location)![0]
  expect(location).toContain(`/c/${L}/listings/${listingId}`)
  expect((await as.fresh.get(`/c/${A}/listings/${listingId}`, { maxRedirects: 0 })).status()).toBe(404)
  const shown = await page('member', `/c/${L}/listings/${listingId}`)
  expect(shown).toContain('Extra-Felder-Angebot')
  // a visitor does not see it: visibility "centre" held, whatever the extras said
  expect((await as.anon.get(`/c/${L}/listings/${listingId}`, { maxRedirects: 0 })).status()).not.toBe(200)

  // the ledger of the fresh initiative does not move by proposing with balance=999999
  const before = mainText(await page('anon', here))
  const propose = postForms(await page('fresh', `/c/${L}/exchanges/new?listing=${made.radwerkOffer}`), `/c/${L}/exchanges/new?listing=${made.radwerkOffer}`).find((f) =>
    f.fields.some((x) => x.name === 'listingId'),
  )!
  const proposed = await postOk('fresh', propose.action, { ...valuesOf(propose), initiativeId: made.initiativeId, minutes: '1', message: 'Extra', ...EXTRA() }, 'proposal with extra fields')
  const exchangeId = UUID.exec(proposed)![0]
  const exchange = await page('fresh', `/c/${L}/exchanges/${exchangeId}`)
  expect(exchange, 'a proposal with state=confirmed stays a proposal').toMatch(/name="intent" value="withdraw"/)
  expect(mainText(await page('anon', here))).toBe(before)
})

test('(e) extra fields on the centre settings do not reach another centre', async () => {
  const url = `/c/${L}/manage/settings`
  const form = postForms(await page('manager', url), url).find((f) => f.fields.some((x) => x.name === 'hourValueEuros'))!
  const aucoopBefore = mainText(await page('anon', `/c/${A}`))
  const lagerhausBefore = mainText(await page('anon', `/c/${L}`))
  const response = await as.manager.post(form.action, { form: { ...valuesOf(form, form.intents[0]), ...EXTRA(), slug: 'gekapert' }, maxRedirects: 0 })
  expect([302, 303, 200], `POST ${url} with its own values and extras → ${response.status()}`).toContain(response.status())
  expect(mainText(await page('anon', `/c/${A}`))).toBe(aucoopBefore)
  expect(mainText(await page('anon', `/c/${L}`))).toBe(lagerhausBefore)
  expect((await as.anon.get('/c/gekapert', { maxRedirects: 0 })).status()).toBe(404)
})

// ---------------------------------------------------------------------------------------------
// GET with odd query strings

const ODD_QUERIES = [
  'page=-1',
  'page=abc',
  'page=999999',
  'page=1e15',
  `q=${encodeURIComponent('ä'.repeat(10_000).slice(0, 10_000))}`,
  'from=garbage&to=garbage',
  'from=2026-13-45&to=1900-01-01',
  'from=9999-12-31&to=0001-01-01',
  'kind=nonsense&category=nonsense',
  'week=garbage',
  'week=9999-W99',
  'listing=not-a-uuid',
  'size=huge',
  'anonymous=2',
  'actor=not-a-uuid&action=%00',
  'page=1&page=2&kind=offer&kind=need',
  'q=%25%27%22%3C%3E%5C',
]

test('every page answers odd query strings without a 5xx', async () => {
  test.setTimeout(240_000)
  const pages: [Who, string][] = [
    ['anon', '/'],
    ['anon', `/c/${L}`],
    ['anon', `/c/${L}/listings`],
    ['anon', `/c/${L}/initiatives/radwerk`],
    ['anon', `/login`],
    ['fresh', `/c/${L}/listings`],
    ['fresh', `/c/${L}/listings/new`],
    ['fresh', `/c/${L}/listings/${made.listingId}`],
    ['fresh', `/c/${L}/listings/${made.radwerkOffer}`],
    ['fresh', `/c/${L}/listings/${made.radwerkOffer}/bookings`],
    ['fresh', `/c/${L}/exchanges`],
    ['fresh', `/c/${L}/exchanges/new`],
    ['fresh', `/c/${L}/exchanges/${made.exchangeId}`],
    ['fresh', `/c/${L}/loans`],
    ['fresh', `/c/${L}/loans/new`],
    ['fresh', `/c/${L}/matches`],
    ['fresh', `/c/${L}/searches`],
    ['fresh', `/c/${L}/bookings`],
    ['fresh', `/c/${L}/join`],
    ['fresh', '/account'],
    ['fresh', '/notifications'],
    ['fresh', '/notifications/settings'],
    ['fresh', '/notifications/searches'],
    ...CONSOLE_PAGES.map((u): [Who, string] => ['manager', u]),
    ...['initiatives', 'listings', 'exchanges', 'ledger', 'loans'].map((what): [Who, string] => ['manager', `/c/${L}/manage/export/${what}.csv`]),
    ['admin', '/admin'],
    ['admin', '/dev/mail'],
  ]
  const failures: string[] = []
  for (const [who, url] of pages) {
    for (const query of ODD_QUERIES) {
      const full = `${url}${url.includes('?') ? '&' : '?'}${query}`
      const response = await as[who].get(full, { maxRedirects: 0 })
      if (response.status() >= 500) failures.push(`${who} GET ${full.slice(0, 120)} → ${response.status()}`)
    }
  }
  expect(failures).toEqual([])
})

// ---------------------------------------------------------------------------------------------
// bodies a browser would never send

const BODY_TARGETS = (): [Who, string][] => [
  ['fresh', '/account'],
  ['fresh', `/c/${L}/join`],
  ['fresh', `/c/${L}/listings/new`],
  ['fresh', `/c/${L}/listings/${made.listingId}`],
  ['fresh', `/c/${L}/listings/${made.listingId}/edit`],
  ['fresh', `/c/${L}/listings/${made.radwerkOffer}/bookings`],
  ['fresh', `/c/${L}/exchanges/new`],
  ['fresh', `/c/${L}/exchanges/${made.exchangeId}`],
  ['fresh', `/c/${L}/loans/new`],
  ['fresh', `/c/${L}/initiatives/${made.slug}`],
  ['fresh', `/c/${L}/matches`],
  ['fresh', `/c/${L}/bookings`],
  ['fresh', `/c/${L}/searches`],
  ['fresh', '/notifications'],
  ['fresh', '/notifications/settings'],
  ['manager', `/c/${L}/manage/settings`],
  ['manager', `/c/${L}/manage/ledger`],
  ['manager', `/c/${L}/manage/applications`],
  ['manager', `/c/${L}/loans/fund`],
  ['admin', '/admin'],
  ['anon', '/login'],
  ['anon', '/signup'],
]

async function postBodies(bodies: { label: string; headers: Record<string, string>; data: string | Buffer }[]) {
  const failures: string[] = []
  for (const [who, url] of BODY_TARGETS()) {
    for (const body of bodies) {
      const response = await as[who].post(url, { headers: body.headers, data: body.data, maxRedirects: 0 })
      if (response.status() >= 500) failures.push(`${who} POST ${url} (${body.label}) → ${response.status()}`)
    }
  }
  return failures
}

test('a form body with broken percent-encoding never answers 5xx', async () => {
  const failures = await postBodies([
    { label: 'bad percent-encoding', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, data: 'intent=%ZZ&title=%E2%28%A1&%%%=1' },
  ])
  expect(failures).toEqual([])
})

// Found by this sweep and fixed: actions read their bodies unguarded, so a POST whose body was not
// a form answered 500. Now scripts/server.mjs refuses other content types with 415, and
// readFormData / readListingForm turn an unreadable form into a 400.
test('bodies that are not a form (JSON, binary, text, broken multipart) answer 4xx, never 5xx', async () => {
  const failures = await postBodies([
    { label: 'multipart without boundary', headers: { 'Content-Type': 'multipart/form-data' }, data: 'intent=accept' },
    { label: 'truncated multipart', headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ' }, data: '--XYZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nacc' },
    { label: 'JSON', headers: { 'Content-Type': 'application/json' }, data: '{"intent":"accept","role":"owner"}' },
    { label: 'binary', headers: { 'Content-Type': 'application/octet-stream' }, data: Buffer.from([0, 159, 146, 150, 255, 0, 1]) },
    { label: 'plain text', headers: { 'Content-Type': 'text/plain' }, data: 'intent=accept' },
  ])
  expect(failures).toEqual([])
})

test('a listing "photo" that is no image, or has a hostile name, is refused with 400', async () => {
  const newListing = postForms(await page('fresh', `/c/${L}/listings/new`), `/c/${L}/listings/new`).find((f) => f.fields.some((x) => x.name === 'title'))!
  const values = otherListing(newListing, { initiativeId: made.initiativeId, kind: 'need', title: 'Fotoprobe', description: 'x', compensation: 'free', visibility: 'centre' })
  const failures: string[] = []
  for (const file of [
    { name: '../../etc/passwd.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') },
    { name: 'x.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
    { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]) },
  ]) {
    const response = await as.fresh.post(`/c/${L}/listings/new`, { multipart: { ...values, photos: file }, maxRedirects: 0 })
    if (response.status() !== 400) failures.push(`fresh POST /c/${L}/listings/new with the photo ${file.name} → ${response.status()} (expected 400)`)
  }
  expect(failures).toEqual([])
})
