import { and, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { centres, listings } from '#db/schema'
import { addPhotos, validatePhotos } from '~/modules/listings/photos.server'
import { startApp, type TestApp } from './app'
import { attributes as attrs, decodeEntities as decode, mainText } from './forms'

/**
 * The authorization matrix (PRODUCT.md §1, §2 "Every tenant-owned row carries centre_id…", §5):
 * every page and action under /c/:centre/… plus /admin, /account, /notifications, /dev/mail,
 * asked by a visitor, by people of another centre, by people of another initiative of the same
 * centre, by the centre's manager and by the platform admin. Real ids are read from the pages
 * as their rightful owners see them and then replayed by strangers — GET and POST with every
 * intent the owner's page offers. A stranger's POST must be refused (403/404, or the login
 * redirect for visitors) and must change nothing (the owner's page reads the same afterwards).
 *
 * The built app through Remix's request handler (tests/http/app.ts), on a seeded database of this
 * file's own; each person's session is made in the database. POSTs carry this site's own Origin,
 * as a browser sends them: scripts/server.mjs's cross-site check (a 403 before any action) and its
 * body limits are not in this path, so every refusal seen here is the app's own guards' — a 403
 * cannot come from a forged-request check standing in for a missing authorization.
 */

const L = 'lagerhaus'
const A = 'aucoop'
const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const NIL_UUID = '00000000-0000-4000-8000-000000000000'

type Who =
  | 'anon'
  | 'member' // member@lagerhaus.test, owner of Radwerk
  | 'viertelklang'
  | 'druckerei'
  | 'sprachcafe'
  | 'applicant' // owner of Stadtteilküche, an initiative that still applies
  | 'manager'
  | 'otherManager' // manager@aucoop.test
  | 'otherOwner' // owner of Tischlerei Kollektiv in AUCOOP
  | 'admin'

const EMAILS: Record<Exclude<Who, 'anon'>, string> = {
  member: `member@${L}.test`,
  viertelklang: `viertelklang@${L}.test`,
  druckerei: `druckerei-ostertor@${L}.test`,
  sprachcafe: `sprachcafe@${L}.test`,
  applicant: `stadtteilkueche@${L}.test`,
  manager: `manager@${L}.test`,
  otherManager: `manager@${A}.test`,
  otherOwner: `tischlerei-kollektiv@${A}.test`,
  admin: 'admin@viertel.test',
}
/** The lagerhaus owners whose rows we collect and whose neighbours we play. */
const LAGERHAUS_OWNERS = ['member', 'viertelklang', 'druckerei', 'sprachcafe'] as const
const FOREIGN: Who[] = ['otherManager', 'otherOwner']
const LAGERHAUS_MEMBERS = new Set<Who>(['member', 'viertelklang', 'druckerei', 'sprachcafe', 'manager'])

// Thousands of rendered pages: a few seconds to half a minute per test alone, several times that on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 })

let app: TestApp
const cookies: Partial<Record<Who, string>> = {}

// ---------------------------------------------------------------------------------------------
// helpers

/** An answer with its body read (an unread streamed page would keep its render waiting). */
type Answer = { status: number; location: string; contentType: string; text: string }

async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  }
}

async function get(who: Who, url: string) {
  const cookie = cookies[who]
  return answer(await app.fetch(url, cookie ? { headers: { Cookie: cookie } } : {}))
}

async function post(who: Who, url: string, form: Record<string, string>) {
  return answer(await app.postForm(url, form, cookies[who]))
}

async function html(who: Who, url: string) {
  const response = await get(who, url)
  expect(response.status, `${who} GET ${url}`).toBe(200)
  return response.text
}

function ids(text: string, prefix: string) {
  const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(${UUID_SOURCE})(?![0-9a-f-])`, 'g')
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))]
}

function isLoginRedirect(response: Answer) {
  return response.status === 302 && response.location.startsWith('/login')
}

interface PostForm {
  action: string
  /** hidden and pre-filled values, and plausible values for the visible fields */
  fields: Record<string, string>
  /** the values of the submit buttons named "intent" (empty: the form has none) */
  intents: string[]
}

const today = new Date().toISOString().slice(0, 10)

/** Every POST form on a page (except the layout's logout and language forms), with plausible values. */
function postForms(page: string, pageUrl: string): PostForm[] {
  const forms: PostForm[] = []
  for (const m of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const formAttrs = attrs(m[1]!)
    if ((formAttrs['method'] ?? 'get').toLowerCase() !== 'post') continue
    const action = formAttrs['action'] || pageUrl
    if (/^\/(logout|locale)\b/.test(action)) continue
    const fields: Record<string, string> = {}
    const intents: string[] = []
    for (const t of m[2]!.matchAll(/<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\1>|<(input|button)\b([^>]*)>/g)) {
      const kind = (t[1] ?? t[4])!
      const a = attrs((t[2] ?? t[5])!)
      const name = a['name']
      if (!name) continue
      if (kind === 'button') {
        if (name === 'intent' && a['value']) intents.push(a['value'])
        else if (a['value'] !== undefined) fields[name] ??= a['value']
        continue
      }
      if (kind === 'select') {
        const option = [...(t[3] ?? '').matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]!)['value']).find((v) => v)
        fields[name] ??= option ?? ''
        continue
      }
      if (kind === 'textarea') {
        fields[name] ??= 'Prüfung der Berechtigung'
        continue
      }
      const type = (a['type'] ?? 'text').toLowerCase()
      if (type === 'hidden') fields[name] ??= a['value'] ?? ''
      else if (type === 'checkbox' || type === 'radio') {
        if ('checked' in a) fields[name] ??= a['value'] ?? 'on'
      } else if (type === 'submit') {
        if (name === 'intent' && a['value']) intents.push(a['value'])
      } else if (type === 'file') continue
      else if (a['value']) fields[name] ??= a['value']
      else if (!('required' in a) && !/numeric|decimal/.test(a['inputmode'] ?? '')) continue
      else if (type === 'number' || /numeric|decimal/.test(a['inputmode'] ?? '')) fields[name] ??= '1'
      else if (type === 'date') fields[name] ??= today
      else if (type === 'datetime-local') fields[name] ??= `${today}T10:00`
      else if (type === 'email') fields[name] ??= 'someone@example.test'
      else fields[name] ??= 'Prüfung'
    }
    forms.push({ action: decode(action), fields, intents: [...new Set(intents)] })
  }
  return forms
}

/** Every (form, intent) a page offers, as the multipart-free url-encoded bodies a browser would send. */
function submissions(page: string, pageUrl: string) {
  const out: { action: string; form: Record<string, string> }[] = []
  for (const form of postForms(page, pageUrl)) {
    if (form.intents.length === 0) out.push({ action: form.action, form: form.fields })
    for (const intent of form.intents) out.push({ action: form.action, form: { ...form.fields, intent } })
  }
  return out
}

const REFUSED = [403, 404]

/**
 * Replays every POST the owner's page offers as each stranger; each must be refused and the
 * owner's page must read the same afterwards.
 */
async function replayAsStrangers(owner: Who, pageUrl: string, strangers: Who[], extra: Record<string, string> = {}) {
  const page = await html(owner, pageUrl)
  const before = mainText(page)
  const posts = submissions(page, pageUrl)
  const failures: string[] = []
  for (const stranger of strangers) {
    for (const submission of posts) {
      // saving a search is every member's own act (it saves the stranger's search, not the owner's)
      if (/^\/c\/[^/]+\/searches\b/.test(submission.action) && submission.form.intent !== 'delete' && LAGERHAUS_MEMBERS.has(stranger)) continue
      const response = await post(stranger, submission.action, { ...submission.form, ...extra })
      const ok = stranger === 'anon' ? isLoginRedirect(response) : REFUSED.includes(response.status)
      if (!ok) failures.push(`${stranger} POST ${submission.action} intent=${submission.form.intent ?? '-'} → ${response.status} ${response.location}`)
    }
  }
  const after = mainText(await html(owner, pageUrl))
  expect(failures, `strangers' POSTs to the forms of ${pageUrl} (as ${owner} sees it)`).toEqual([])
  expect(after, `${pageUrl} as ${owner} after the strangers' POSTs`).toBe(before)
  return posts.length
}

async function expectRefused(who: Who, url: string, allowed = REFUSED) {
  const response = await get(who, url)
  if (who === 'anon') {
    expect(isLoginRedirect(response) || response.status === 404, `anon GET ${url} → ${response.status}`).toBe(true)
  } else {
    expect(allowed, `${who} GET ${url} → ${response.status}`).toContain(response.status)
  }
  return response
}

/** Exchange and loan ids as each lagerhaus owner sees them in their lists. */
const seen = {
  exchanges: {} as Record<string, string[]>,
  loans: {} as Record<string, string[]>,
}

beforeAll(async () => {
  // as it runs for people: some doors (the development mailbox) are only shut in production
  app = await startApp({ env: { NODE_ENV: 'production' } })
  for (const [who, email] of Object.entries(EMAILS)) cookies[who as Who] = await app.cookieFor(email)
  for (const who of LAGERHAUS_OWNERS) {
    seen.exchanges[who] = ids(await html(who, `/c/${L}/exchanges`), `/c/${L}/exchanges`)
    seen.loans[who] = ids(await html(who, `/c/${L}/loans`), `/c/${L}/loans`)
  }
})
afterAll(() => app?.close())

/** The lagerhaus owners who do not see this row in their own lists: strangers of the same centre. */
function neighboursOf(kind: 'exchanges' | 'loans', id: string) {
  return LAGERHAUS_OWNERS.filter((who) => !seen[kind][who]!.includes(id))
}

// ---------------------------------------------------------------------------------------------
// pages that need a login

const MEMBER_PAGES = [
  `/c/${L}/join`,
  `/c/${L}/listings/new`,
  `/c/${L}/matches`,
  `/c/${L}/searches`,
  `/c/${L}/exchanges`,
  `/c/${L}/exchanges/new`,
  `/c/${L}/loans`,
  `/c/${L}/loans/new`,
  `/c/${L}/bookings`,
  '/account',
  '/notifications',
  '/notifications/settings',
  '/notifications/searches',
]
const CONSOLE_PAGES = [
  `/c/${L}/manage`,
  `/c/${L}/manage/applications`,
  `/c/${L}/manage/listings`,
  `/c/${L}/manage/reports`,
  `/c/${L}/manage/exchanges`,
  `/c/${L}/manage/ledger`,
  `/c/${L}/manage/audit`,
  `/c/${L}/manage/report`,
  `/c/${L}/manage/initiatives`,
  `/c/${L}/manage/settings`,
  `/c/${L}/manage/financing`,
  `/c/${L}/manage/vocabulary`,
  `/c/${L}/loans/fund`,
]
const EXPORTS = ['initiatives', 'listings', 'exchanges', 'ledger', 'loans'].map((what) => `/c/${L}/manage/export/${what}.csv`)

describe('pages that need a login', () => {
  test('a visitor is sent to the login for every page that needs a person, and sees the public pages', async () => {
    for (const url of [...MEMBER_PAGES, ...CONSOLE_PAGES, ...EXPORTS, '/admin']) {
      const response = await get('anon', url)
      expect(isLoginRedirect(response), `anon GET ${url} → ${response.status} ${response.location}`).toBe(true)
    }
    for (const url of ['/', `/c/${L}`, `/c/${L}/listings`, `/c/${A}`, `/c/${L}/initiatives/radwerk`]) {
      expect((await get('anon', url)).status, `anon GET ${url}`).toBe(200)
    }
    // the development mailbox holds invitation links: in production only the admin sees it
    expect((await get('anon', '/dev/mail')).status).toBe(404)
  })

  test('a visitor POSTing to any action is sent to the login (or refused), never served', async () => {
    const actions = [
      ...MEMBER_PAGES.filter((u) => !u.endsWith('/exchanges') && !u.endsWith('/loans')),
      `/c/${L}/exchanges?index`,
      `/c/${L}/loans?index`,
      ...CONSOLE_PAGES.map((u) => (u.endsWith('/manage') ? `${u}?index` : u)),
      '/admin',
      `/c/${L}/exchanges/${NIL_UUID}`,
      `/c/${L}/loans/${NIL_UUID}`,
      `/c/${L}/listings/${NIL_UUID}`,
      `/c/${L}/listings/${NIL_UUID}/bookings`,
      `/c/${L}/listings/${NIL_UUID}/edit`,
      `/c/${L}/initiatives/radwerk`,
    ]
    for (const url of actions) {
      const response = await post('anon', url, { intent: 'accept', role: 'owner' })
      expect(isLoginRedirect(response) || [403, 404, 405].includes(response.status), `anon POST ${url} → ${response.status}`).toBe(true)
    }
  })

  test("the manager console and its exports: only the centre's manager and the admin", async () => {
    for (const url of [...CONSOLE_PAGES, ...EXPORTS]) {
      for (const who of ['member', 'viertelklang', 'applicant', 'otherManager', 'otherOwner'] as Who[]) {
        const response = await expectRefused(who, url, [403, 404])
        expect(response.text, `${who} GET ${url} must not carry CSV`).not.toMatch(/^[\w"]+(,[\w" ]+)+\r?\n/)
      }
      for (const who of ['manager', 'admin'] as Who[]) expect((await get(who, url)).status, `${who} GET ${url}`).toBe(200)
    }
    for (const url of EXPORTS) {
      const response = await get('manager', url)
      expect(response.contentType).toContain('text/csv')
    }
    // AUCOOP's manager in their own console sees none of Lagerhaus's rows
    const foreignExport = await get('otherManager', `/c/${A}/manage/export/initiatives.csv`)
    expect(foreignExport.status).toBe(200)
    expect(foreignExport.text).not.toContain('Radwerk')
    expect(foreignExport.text).not.toContain('Viertelklang')
    // unknown export names are 404 for the manager, never 500
    for (const name of ['passwords.csv', 'users.csv', 'ledger.txt', 'ledger', '..%2F..%2Fetc%2Fpasswd']) {
      expect((await get('manager', `/c/${L}/manage/export/${name}`)).status, name).toBe(404)
    }
  })

  test('the platform admin page and the development mailbox', async () => {
    for (const who of ['member', 'manager', 'otherManager', 'otherOwner'] as Who[]) {
      await expectRefused(who, '/admin', [403, 404])
      expect((await get(who, '/dev/mail')).status, `${who} GET /dev/mail`).toBe(404)
      for (const intent of ['createCentre', 'appoint', 'removeManager']) {
        const response = await post(who, '/admin', {
          intent,
          slug: `evil-${who.toLowerCase()}`,
          name: 'Evil',
          city: 'X',
          country: 'DE',
          email: EMAILS[who as Exclude<Who, 'anon'>],
          centreId: NIL_UUID,
          userId: NIL_UUID,
        })
        expect([403, 404], `${who} POST /admin intent=${intent} → ${response.status}`).toContain(response.status)
      }
    }
    expect((await get('admin', '/admin')).status).toBe(200)
    expect((await get('admin', '/dev/mail')).status).toBe(200)
    expect((await get('admin', '/c/evil-member')).status).toBe(404)
    // nobody was appointed: the member still has no console
    expect((await get('member', `/c/${L}/manage`)).status).toBe(403)
  })
})

// ---------------------------------------------------------------------------------------------
// exchanges

describe('exchanges', () => {
  test('strangers of another centre or another initiative cannot read one', async () => {
    const all = [...new Set(Object.values(seen.exchanges).flat())]
    expect(all.length, 'the demo has exchanges').toBeGreaterThan(3)
    for (const id of all) {
      for (const who of FOREIGN) await expectRefused(who, `/c/${L}/exchanges/${id}`)
      await expectRefused('anon', `/c/${L}/exchanges/${id}`)
      // the lagerhaus id under AUCOOP's address, even for AUCOOP's people and the lagerhaus member
      for (const who of ['otherOwner', 'member', 'manager'] as Who[]) await expectRefused(who, `/c/${A}/exchanges/${id}`, [404])
      for (const who of neighboursOf('exchanges', id)) await expectRefused(who, `/c/${L}/exchanges/${id}`)
    }
    // the parties themselves read it
    for (const who of LAGERHAUS_OWNERS) {
      for (const id of seen.exchanges[who]!.slice(0, 3)) expect((await get(who, `/c/${L}/exchanges/${id}`)).status).toBe(200)
    }
  })

  test('every action a party sees is refused to strangers and changes nothing', async () => {
    let replayed = 0
    for (const owner of LAGERHAUS_OWNERS) {
      for (const id of seen.exchanges[owner]!.slice(0, 4)) {
        const strangers: Who[] = ['anon', ...FOREIGN, ...neighboursOf('exchanges', id)]
        replayed += await replayAsStrangers(owner, `/c/${L}/exchanges/${id}`, strangers)
      }
    }
    expect(replayed, 'forms replayed').toBeGreaterThan(3)
    // intents the owner may not see on one page but a stranger could try all the same
    const id = seen.exchanges.member![0]!
    const before = mainText(await html('member', `/c/${L}/exchanges/${id}`))
    for (const who of [...FOREIGN, ...neighboursOf('exchanges', id)]) {
      for (const intent of ['accept', 'decline', 'withdraw', 'complete', 'confirm', 'dispute', 'cancel', 'message', 'resolveConfirm', 'resolveCancel']) {
        for (const centre of [L, A]) {
          const response = await post(who, `/c/${centre}/exchanges/${id}`, { intent, reason: 'Fremd', body: 'Fremd', minutes: '60', date: today })
          expect([400, 403, 404], `${who} POST /c/${centre}/exchanges/${id} intent=${intent} → ${response.status}`).toContain(response.status)
        }
      }
    }
    expect(mainText(await html('member', `/c/${L}/exchanges/${id}`))).toBe(before)
  })
})

// ---------------------------------------------------------------------------------------------
// loans

test('loans: strangers cannot read one, nor act on it', async () => {
  const all = [...new Set(Object.values(seen.loans).flat())]
  expect(all.length, 'the demo has loans').toBeGreaterThan(0)
  for (const id of all) {
    await expectRefused('anon', `/c/${L}/loans/${id}`)
    for (const who of FOREIGN) await expectRefused(who, `/c/${L}/loans/${id}`)
    for (const who of ['otherOwner', 'member'] as Who[]) await expectRefused(who, `/c/${A}/loans/${id}`, [404])
    for (const who of neighboursOf('loans', id)) await expectRefused(who, `/c/${L}/loans/${id}`)
  }
  for (const owner of LAGERHAUS_OWNERS) {
    for (const id of seen.loans[owner]!.slice(0, 3)) {
      await replayAsStrangers(owner, `/c/${L}/loans/${id}`, ['anon', ...FOREIGN, ...neighboursOf('loans', id)])
    }
  }
  // every loan intent, by AUCOOP's people, under both addresses
  const id = all[0]!
  const owner = LAGERHAUS_OWNERS.find((who) => seen.loans[who]!.includes(id))!
  const before = mainText(await html(owner, `/c/${L}/loans/${id}`))
  for (const who of [...FOREIGN, ...neighboursOf('loans', id)]) {
    for (const intent of [
      'askGuarantee',
      'approve',
      'decline',
      'withdraw',
      'disburse',
      'logRepayment',
      'confirmRepayment',
      'rejectRepayment',
      'writeOff',
      'pledge',
    ]) {
      for (const centre of [L, A]) {
        const response = await post(who, `/c/${centre}/loans/${id}`, {
          intent,
          reason: 'Fremd',
          amount: '100',
          termMonths: '6',
          interestPercent: '0',
          startDate: today,
          paidOn: today,
          repaymentId: NIL_UUID,
          initiativeId: NIL_UUID,
        })
        expect([400, 403, 404, 409], `${who} POST /c/${centre}/loans/${id} intent=${intent} → ${response.status}`).toContain(response.status)
        expect(response.status, `${who} POST intent=${intent}: a stranger's act is refused, not a "not now" (409)`).not.toBe(409)
      }
    }
  }
  expect(mainText(await html(owner, `/c/${L}/loans/${id}`))).toBe(before)
  // the solidarity fund page and its actions are the manager's
  await replayAsStrangers('manager', `/c/${L}/loans/fund`, ['anon', 'member', 'otherManager', 'otherOwner'])
})

// ---------------------------------------------------------------------------------------------
// listings

describe('listings', () => {
  test('centre-only rows stay in their centre, other centres see network/public ones read-only', async () => {
    const memberView = await html('member', `/c/${L}/listings`)
    const radwerk = await html('member', `/c/${L}/initiatives/radwerk`)
    const queue = await html('manager', `/c/${L}/manage/listings`)
    const listingIds = [...new Set([...ids(memberView, `/c/${L}/listings`), ...ids(radwerk, `/c/${L}/listings`), ...ids(queue, `/c/${L}/listings`)])]
    expect(listingIds.length).toBeGreaterThan(3)
    for (const id of listingIds) {
      const url = `/c/${L}/listings/${id}`
      const asMember = await get('member', url)
      const asManager = await get('manager', url)
      expect([200, 404], `member GET ${url}`).toContain(asMember.status)
      expect(asManager.status, `manager GET ${url}`).toBe(200)
      const visitor = await get('anon', url)
      expect([200, 404], `anon GET ${url} → ${visitor.status}`).toContain(visitor.status)
      const foreign = await get('otherOwner', url)
      expect([200, 404], `otherOwner GET ${url} → ${foreign.status}`).toContain(foreign.status)
      if (visitor.status === 200) expect(foreign.status, `a public listing is visible to other centres: ${url}`).toBe(200)
      // under AUCOOP's address: 404, or (network/public) the same listing read-only
      const crossed = await get('otherOwner', `/c/${A}/listings/${id}`)
      if (foreign.status === 404) expect(crossed.status, `/c/${A}/listings/${id} (centre-only)`).toBe(404)
      // nor through the pages that propose an exchange or ask for a loan with it (they showed its title,
      // initiative and a loan's figures to anyone logged in)
      if (foreign.status === 404) {
        for (const page of ['exchanges', 'loans']) {
          const asked = await get('otherOwner', `/c/${L}/${page}/new?listing=${id}`)
          expect(asked.status, `otherOwner GET /c/${L}/${page}/new?listing=${id}`).toBe(404)
        }
      }
      else expect([200, 404], `/c/${A}/listings/${id}`).toContain(crossed.status)
      // edit and bookings administration are the listing's own people's
      for (const who of [...FOREIGN, 'anon'] as Who[]) await expectRefused(who, `${url}/edit`)
      await expectRefused('otherOwner', `/c/${A}/listings/${id}/edit`, [404])
      const canEdit = (await get('member', `${url}/edit`)).status === 200
      if (canEdit) {
        for (const who of ['viertelklang', 'sprachcafe', 'druckerei'] as Who[]) await expectRefused(who, `${url}/edit`)
      }
      for (const who of FOREIGN) {
        const bookings = await get(who, `${url}/bookings`)
        expect([200, 302, 403, 404], `${who} GET ${url}/bookings → ${bookings.status}`).toContain(bookings.status)
        if (foreign.status === 404) {
          expect([403, 404], `${who} GET ${url}/bookings (centre-only listing)`).toContain(bookings.status)
          const start = new Date(Date.now() + 86_400_000 * 30).toISOString().slice(0, 16)
          for (const target of [`${url}/bookings`, `/c/${A}/listings/${id}/bookings`]) {
            const request = await post(who, target, {
              intent: 'request',
              start,
              end: start.replace(/T\d\d/, 'T23'),
              date: start.slice(0, 10),
              from: '10:00',
              to: '12:00',
              message: 'Fremd',
            })
            expect([400, 403, 404], `${who} POST ${target} intent=request (centre-only listing) → ${request.status}`).toContain(request.status)
          }
        }
      }
    }
  })

  test("status changes and edits by anyone but the listing's own people are refused", async () => {
    const radwerk = await html('member', `/c/${L}/initiatives/radwerk`)
    const own = ids(radwerk, `/c/${L}/listings`)
    expect(own.length).toBeGreaterThan(0)
    for (const id of own.slice(0, 4)) {
      const url = `/c/${L}/listings/${id}`
      const before = mainText(await html('member', url))
      for (const who of ['anon', 'viertelklang', 'sprachcafe', ...FOREIGN] as Who[]) {
        for (const intent of ['pause', 'close', 'reopen']) {
          for (const target of [url, `/c/${A}/listings/${id}`]) {
            const response = await post(who, target, { intent })
            const ok = who === 'anon' ? isLoginRedirect(response) : [403, 404].includes(response.status)
            expect(ok, `${who} POST ${target} intent=${intent} → ${response.status}`).toBe(true)
          }
        }
        const edit = await post(who, `${url}/edit`, {
          title: 'Übernommen',
          description: 'Fremd bearbeitet',
          kind: 'offer',
          category: 'other',
          compensation: 'free',
          visibility: 'public',
          initiativeId: NIL_UUID,
        })
        const ok = who === 'anon' ? isLoginRedirect(edit) : [403, 404].includes(edit.status)
        expect(ok, `${who} POST ${url}/edit → ${edit.status}`).toBe(true)
      }
      expect(mainText(await html('member', url)), `${url} after strangers' POSTs`).toBe(before)
      // the edit form itself, replayed by strangers
      await replayAsStrangers('member', `${url}/edit`, ['anon', 'viertelklang', ...FOREIGN])
    }
  })

  test('listing photos are served only where the listing is visible', async ({ annotate }) => {
    // The demo data has no photos: one is added to an active listing of each visibility in the centre
    const { db } = (await globalThis.__viertelDatabase)!
    const picture = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#336699' } }).png().toBuffer()
    const { photos: valid } = await validatePhotos([new File([new Uint8Array(picture)], 'werkbank.png', { type: 'image/png' })], 0)
    const visibilityOf = new Map<string, string>()
    for (const visibility of ['public', 'network', 'centre'] as const) {
      const [listing] = await db
        .select({ id: listings.id, centreId: listings.centreId })
        .from(listings)
        .innerJoin(centres, eq(centres.id, listings.centreId))
        .where(and(eq(centres.slug, L), eq(listings.visibility, visibility), eq(listings.status, 'active')))
        .orderBy(listings.id)
        .limit(1)
      expect(listing, `an active ${visibility} listing in ${L}`).toBeDefined()
      await addPhotos(db, listing!, valid)
      visibilityOf.set(listing!.id, visibility)
    }
    const pages = [await html('member', `/c/${L}/initiatives/radwerk`), await html('member', `/c/${L}/listings`)]
    const listingIds = [...new Set(pages.flatMap((p) => ids(p, `/c/${L}/listings`)))]
    const photos: { listing: string; url: string }[] = []
    const cacheKinds = new Set<string>()
    for (const id of new Set([...visibilityOf.keys(), ...listingIds.slice(0, 20)])) {
      const page = await html('member', `/c/${L}/listings/${id}`)
      for (const photo of ids(page, `/c/${L}/listings/${id}/photos`)) photos.push({ listing: id, url: `/c/${L}/listings/${id}/photos/${photo}` })
    }
    for (const { listing, url } of photos) {
      const foreign = (await get('otherOwner', `/c/${L}/listings/${listing}`)).status
      const photo = await get('otherOwner', url)
      if (foreign === 404) expect(photo.status, `otherOwner GET ${url} (centre-only listing)`).toBe(404)
      // shared caches keep a public listing's photo 5 minutes, so hiding the listing takes effect there soon
      const seen = await app.fetch(url, { headers: { Cookie: cookies.member! } })
      expect(seen.status).toBe(200)
      const visibility = visibilityOf.get(listing)
      expect(visibility, `${url}: a photo the test added`).toBeDefined()
      expect(seen.headers.get('cache-control'), `Cache-Control of ${url}`).toBe(visibility === 'public' ? 'public, max-age=86400, s-maxage=300' : 'private, max-age=86400')
      await seen.arrayBuffer()
      cacheKinds.add(visibility!)
      expect((await get('otherOwner', url.replace(`/c/${L}/`, `/c/${A}/`))).status).toBe(404)
      // a photo id under another listing's address
      const other = listingIds.find((id) => id !== listing)!
      expect((await get('member', url.replace(listing, other))).status, 'photo under another listing').toBe(404)
    }
    expect((await get('member', `/c/${L}/listings/${listingIds[0]}/photos/${NIL_UUID}`)).status).toBe(404)
    expect([...cacheKinds].sort(), 'a photo of a listing of each visibility checked').toEqual(['centre', 'network', 'public'])
    await annotate(String(photos.length), 'photos checked')
  })
})

// ---------------------------------------------------------------------------------------------
// initiatives

test('initiatives: an applying one is seen by its people and the manager only; profiles are edited by owners only', async () => {
  const url = `/c/${L}/initiatives/stadtteilkueche`
  for (const who of ['anon', 'member', 'viertelklang', ...FOREIGN] as Who[]) {
    const response = await get(who, url)
    expect(response.status, `${who} GET ${url}`).toBe(404)
  }
  for (const who of ['applicant', 'manager', 'admin'] as Who[]) expect((await get(who, url)).status, `${who} GET ${url}`).toBe(200)
  // a lagerhaus initiative under AUCOOP's address, and an unknown slug
  for (const who of ['anon', 'member', 'otherOwner'] as Who[]) {
    expect((await get(who, `/c/${A}/initiatives/radwerk`)).status).toBe(404)
    expect((await get(who, `/c/${L}/initiatives/gibt-es-nicht`)).status).toBe(404)
  }
  // the public profile of an active initiative shows no member list to strangers
  const publicPage = await get('otherOwner', `/c/${L}/initiatives/radwerk`)
  expect(publicPage.status).toBe(200)
  expect(publicPage.text).not.toContain(EMAILS.member)
  // every owner form of Radwerk's profile, replayed by strangers
  await replayAsStrangers('member', `/c/${L}/initiatives/radwerk`, ['anon', 'viertelklang', 'manager', ...FOREIGN])
  for (const who of ['viertelklang', 'sprachcafe', ...FOREIGN] as Who[]) {
    for (const intent of ['profile', 'invite', 'revoke', 'remove']) {
      for (const centre of [L, A]) {
        const response = await post(who, `/c/${centre}/initiatives/radwerk`, {
          intent,
          name: 'Gekapert',
          kind: 'other',
          description: 'x',
          email: 'evil@example.test',
          invitationId: NIL_UUID,
          userId: NIL_UUID,
        })
        expect([403, 404], `${who} POST /c/${centre}/initiatives/radwerk intent=${intent} → ${response.status}`).toContain(response.status)
      }
    }
  }
  const after = await get('anon', `/c/${L}/initiatives/radwerk`)
  expect(after.status).toBe(200)
  expect(after.text).not.toContain('Gekapert')
})

// ---------------------------------------------------------------------------------------------
// the console's actions

test("every console action the manager sees is refused to members, AUCOOP's manager and visitors", async () => {
  let replayed = 0
  for (const page of CONSOLE_PAGES) {
    replayed += await replayAsStrangers('manager', page, ['anon', 'member', 'applicant', 'otherManager', 'otherOwner'])
  }
  expect(replayed, 'console forms replayed').toBeGreaterThan(5)
  // AUCOOP's manager aiming at lagerhaus rows through AUCOOP's console
  const queue = await html('manager', `/c/${L}/manage/applications`)
  const applicantIds = [...queue.matchAll(/name="initiativeId" value="([^"]+)"/g)].map((m) => m[1]!)
  for (const initiativeId of applicantIds) {
    for (const intent of ['admit', 'reject']) {
      const response = await post('otherManager', `/c/${A}/manage/applications`, { intent, initiativeId, message: 'x' })
      expect([400, 403, 404], `otherManager admits a lagerhaus applicant via /c/${A} → ${response.status}`).toContain(response.status)
    }
  }
  expect((await get('anon', `/c/${L}/initiatives/stadtteilkueche`)).status, 'the applicant is still not admitted').toBe(404)
  const settings = await html('manager', `/c/${L}/manage`)
  for (const [page, what] of [
    ['listings', 'a lagerhaus listing'],
    ['exchanges', 'a lagerhaus dispute'],
    ['ledger', 'the lagerhaus ledger'],
  ] as const) {
    for (const form of postForms(await html('manager', `/c/${L}/manage/${page}`), `/c/${L}/manage/${page}`)) {
      for (const intent of form.intents) {
        const response = await post('otherManager', form.action.replace(`/c/${L}/`, `/c/${A}/`), { ...form.fields, intent })
        expect([400, 403, 404], `otherManager ${intent} on ${what} via /c/${A} → ${response.status}`).toContain(response.status)
      }
    }
  }
  expect(mainText(await html('manager', `/c/${L}/manage`))).toBe(mainText(settings))
})

// ---------------------------------------------------------------------------------------------
// bookings, calendar feeds, matches

test("bookings: strangers cannot decide or cancel another initiative's booking; a wrong feed token is 404", async () => {
  for (const owner of LAGERHAUS_OWNERS) {
    await replayAsStrangers(owner, `/c/${L}/bookings`, ['anon', ...FOREIGN])
  }
  const page = await html('member', `/c/${L}/bookings`)
  const bookingIds = [...new Set([...page.matchAll(/name="bookingId" value="([^"]+)"/g)].map((m) => m[1]!))]
  const before = mainText(page)
  for (const bookingId of bookingIds) {
    for (const who of [...FOREIGN, 'sprachcafe'] as Who[]) {
      for (const intent of ['accept', 'decline', 'cancel', 'feed']) {
        for (const centre of [L, A]) {
          const response = await post(who, `/c/${centre}/bookings`, { intent, bookingId, reason: 'Fremd' })
          expect([400, 403, 404], `${who} POST /c/${centre}/bookings intent=${intent} → ${response.status}`).toContain(response.status)
        }
      }
    }
  }
  expect(mainText(await html('member', `/c/${L}/bookings`))).toBe(before)
  for (const file of [`${NIL_UUID}.ics`, 'x.ics', 'garbage', '.ics', `${'a'.repeat(500)}.ics`, '%00.ics']) {
    const response = await get('anon', `/ical/${file}`)
    expect(response.status, `/ical/${file}`).toBe(404)
  }
})

test("matches: a stranger cannot dismiss another initiative's match", async () => {
  await replayAsStrangers('member', `/c/${L}/matches`, ['anon', 'viertelklang', ...FOREIGN])
})

// ---------------------------------------------------------------------------------------------
// malformed and unknown ids

test('malformed ids and unknown rows are 404 for everyone, never 500', async () => {
  const bad = ['not-a-uuid', '1', "1' OR '1'='1", '%E2%82%AC', NIL_UUID, `${NIL_UUID}x`, 'a'.repeat(300)]
  const templates = [
    `/c/${L}/listings/:id`,
    `/c/${L}/listings/:id/edit`,
    `/c/${L}/listings/:id/bookings`,
    `/c/${L}/listings/:id/photos/:id`,
    `/c/${L}/exchanges/:id`,
    `/c/${L}/loans/:id`,
    `/c/${L}/initiatives/:id`,
    '/c/:id',
    '/c/:id/listings',
    '/c/:id/manage',
    '/c/:id/offers.atom',
    '/c/:id/offers.json',
    '/c/:id/embed',
    `/c/${L}/manage/export/:id.csv`,
    `/c/${L}/exchanges/new?listing=:id`,
    `/c/${L}/loans/new?listing=:id`,
    '/invite/:id',
    '/unsubscribe/:id',
  ]
  for (const who of ['member', 'manager', 'admin'] as Who[]) {
    for (const template of templates) {
      for (const id of bad) {
        const url = template.replaceAll(':id', encodeURIComponent(decodeURIComponent(id)).replace(/'/g, '%27'))
        const response = await get(who, url)
        expect(response.status, `${who} GET ${url}`).toBeLessThan(500)
        if (!url.includes('?') && !/^\/(invite|unsubscribe)\//.test(url)) {
          expect([400, 403, 404], `${who} GET ${url} → ${response.status}`).toContain(response.status)
        }
        const posted = await post(who, url, { intent: 'accept' })
        expect(posted.status, `${who} POST ${url}`).toBeLessThan(500)
      }
    }
  }
})

// ---------------------------------------------------------------------------------------------
// the listing form's concept chips (ADR 083)

test("the concept chips' suggestions: to those who may write listings in the centre, nobody else", async () => {
  const url = `/c/${L}/concepts?text=${encodeURIComponent('Beamer für den Filmabend')}&language=de`
  expect(isLoginRedirect(await get('anon', url))).toBe(true)
  for (const who of ['member', 'manager', 'admin'] as Who[]) {
    const response = await get(who, url)
    expect(response.status, `${who} GET ${url}`).toBe(200)
    expect(JSON.parse(response.text).suggested.map((c: { key: string }) => c.key)).toContain('projector')
    const found = await get(who, `/c/${L}/concepts?q=Beam`)
    expect(JSON.parse(found.text).found.map((c: { key: string }) => c.key)).toContain('projector')
  }
  // people of another centre, whatever they are there
  for (const who of ['otherManager', 'otherOwner'] as Who[]) await expectRefused(who, url, [404])
  // an address nobody can write into
  expect((await get('member', `/c/no-such-centre/concepts?q=Beam`)).status).toBe(404)
  // mangled words: an answer, never a 500
  for (const q of ['\u0000', 'a\tb', "'; drop table listings; --", 'ü'.repeat(3000), '']) {
    expect((await get('member', `/c/${L}/concepts?q=${encodeURIComponent(q)}`)).status, JSON.stringify(q.slice(0, 20))).toBe(200)
    expect((await get('member', `/c/${L}/concepts?language=xx&text=${encodeURIComponent(q)}`)).status).toBe(200)
  }
  // no action: a POST changes nothing and is not served
  expect([404, 405]).toContain((await post('member', `/c/${L}/concepts`, { q: 'Beam' })).status)
})
