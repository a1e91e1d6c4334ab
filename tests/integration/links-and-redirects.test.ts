import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { emailOutbox } from '#db/schema'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { appOrigin } from '~/modules/notifications/origin.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #13 §3 and §4 through the routes themselves: the Host a request names (anyone can send
 * `Host: evil.example`) never reaches a link in an e-mail, and redirect targets from forms land on
 * the site. The routes use the app's one database handle: it is pointed at this file's database
 * before they are loaded.
 */
let database: TestDatabase
type RouteModule = { action: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown> }
let join: RouteModule
let initiativePage: RouteModule
let admin: RouteModule
let locale: RouteModule

beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  join = await import('~/routes/c.$centre.join')
  initiativePage = await import('~/routes/c.$centre.initiatives.$slug')
  admin = await import('~/routes/admin')
  locale = await import('~/routes/locale')
})
afterAll(() => database.close())

const FORGED = 'evil.example'

async function cookieFor(userId: string) {
  const token = generateSessionToken()
  await createSession(database.db, token, userId)
  return `viertel_session=${token}`
}

/** A form POST as a forged request: its URL, Host and X-Forwarded-Host all name another site. */
function forgedPost(path: string, cookie: string | null, form: Record<string, string>) {
  const headers: Record<string, string> = {
    Host: FORGED,
    'X-Forwarded-Host': FORGED,
    'X-Forwarded-Proto': 'https',
    'Content-Type': 'application/x-www-form-urlencoded',
  }
  if (cookie) headers.Cookie = cookie
  return new Request(`https://${FORGED}${path}`, { method: 'POST', headers, body: new URLSearchParams(form) })
}

async function run(route: RouteModule, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await route.action({ request, params, context: {} })
    if (result instanceof Response) return result
    const init = (result as { init?: ResponseInit | null }).init
    return new Response(null, { status: init?.status ?? 200 })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

async function linksIn(to: string) {
  const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, to))
  expect(mails.length, `e-mails to ${to}`).toBeGreaterThan(0)
  return mails.flatMap((mail) => [...`${mail.text}\n${mail.html ?? ''}`.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi)].map((m) => m[0]))
}

function expectAllOurs(links: string[]) {
  expect(links.length).toBeGreaterThan(0)
  for (const link of links) {
    expect(link).not.toContain(FORGED)
    expect(link.startsWith(`${appOrigin()}/`), link).toBe(true)
  }
}

describe('links in e-mails come from the configured origin, never from the request', () => {
  it('the one origin is an origin (no trailing slash, no path)', () => {
    expect(new URL(appOrigin()).origin).toBe(appOrigin())
  })

  it('an application to join, sent with a forged Host, e-mails the managers links to this site', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const manager = await makeManager(db, centre.id)
    const applicant = await makeUser(db)
    const response = await run(
      join,
      forgedPost(`/c/${centre.slug}/join`, await cookieFor(applicant.id), { name: 'Host Header Kollektiv', kind: 'cooperative' }),
      { centre: centre.slug },
    )
    expect(response.status).toBe(302)
    expectAllOurs(await linksIn(manager.email))
  })

  it('an invitation, sent with a forged Host, carries a link to this site', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id, { status: 'active' })
    const owner = await makeUser(db)
    await addMember(db, initiative, owner.id, 'owner')
    const response = await run(
      initiativePage,
      forgedPost(`/c/${centre.slug}/initiatives/${initiative.slug}`, await cookieFor(owner.id), {
        intent: 'invite',
        email: 'forged-host-invitee@example.test',
      }),
      { centre: centre.slug, slug: initiative.slug },
    )
    expect(response.status).toBe(302)
    expectAllOurs(await linksIn('forged-host-invitee@example.test'))
  })

  it('appointing a manager, with a forged Host, e-mails a link to this site', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const platformAdmin = await makeUser(db, { isAdmin: true, twoFactorExempt: true }) // the admin 2FA rule (ADR 067) is not what this tests
    const appointee = await makeUser(db)
    const response = await run(
      admin,
      forgedPost('/admin', await cookieFor(platformAdmin.id), { intent: 'appoint', centreId: centre.id, email: appointee.email }),
    )
    expect(response.status).toBe(302)
    expectAllOurs(await linksIn(appointee.email))
  })
})

describe('redirect targets from forms stay on the site, and never give a 500', () => {
  const escapes = [
    '/\t/evil.example/phish',
    '/\n/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/.//evil.example',
    'https://evil.example',
    '/x\r\nSet-Cookie: a=b',
    '\u0000',
  ]

  it('the language switch (/locale) sends every escape home', async () => {
    for (const target of escapes) {
      const response = await run(locale, forgedPost('/locale', null, { locale: 'en', redirectTo: target }))
      expect(response.status, JSON.stringify(target)).toBe(302)
      const location = response.headers.get('Location')!
      expect(new URL(location, 'https://viertel.example').origin, JSON.stringify(target)).toBe('https://viertel.example')
      expect(location).toBe('/')
    }
    const kept = await run(locale, forgedPost('/locale', null, { locale: 'fr', redirectTo: '/c/lagerhaus/listings?q=Bohrer' }))
    expect(kept.headers.get('Location')).toBe('/c/lagerhaus/listings?q=Bohrer')
  })

})
