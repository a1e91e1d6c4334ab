import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { openDatabase } from '#db/connect'
import { centres, emailOutbox, users } from '#db/schema'
import { totpCode } from '~/modules/auth/two-factor.server'
import { adminUrl, databaseUrl, testDatabaseBaseUrl } from '../setup/urls'
import { startApp, type TestApp } from './app'
import { mainText, UUID, visitor } from './forms'

/**
 * Issue #19, the whole path from an EMPTY database: `npm run admin:create` (the script itself, as a
 * process, which migrates the empty database), the admin logs in (and sets up the second factor
 * the console asks of admins), creates a centre, invites its first manager by an e-mail without
 * an account; that person follows the e-mail's link, signs up (confirming the address by the
 * signup e-mail's link, which brings them back), accepts, and opens /c/<centre>/manage. Through
 * the built app's request handler; on PostgreSQL a brand-new database (no template, no demo data),
 * on PGlite an empty folder.
 */
const run = promisify(execFile)
const ADMIN = 'first-admin@viertel.example'
const MANAGER = 'Erste.Verwalterin@Example.org'

let app: TestApp
let dropDatabase = async () => {}
let adminCreateOutput = ''
let adminPassword = ''

beforeAll(async () => {
  const base = inject('pgTemplate') ? testDatabaseBaseUrl() : null
  let target: { url: string } | { dataDir: string }
  if (base) {
    const name = `viertel_empty_${inject('runId')}_${process.pid}`
    const maintenance = await openDatabase({ url: adminUrl(base), migrate: false, poolSize: 1 })
    await maintenance.query(`CREATE DATABASE "${name}"`)
    target = { url: databaseUrl(base, name) }
    dropDatabase = async () => {
      await maintenance.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await maintenance.close()
    }
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'viertel-empty-'))
    target = { dataDir: path.join(dir, 'pglite') }
    dropDatabase = async () => rmSync(dir, { recursive: true, force: true })
  }
  const env = {
    ...process.env,
    DATABASE_URL: 'url' in target ? target.url : '',
    PGLITE_DATA_DIR: 'dataDir' in target ? target.dataDir : '',
  }
  const { stdout } = await run('npx', ['tsx', 'scripts/admin-create.ts', '--', ADMIN], { env })
  adminCreateOutput = stdout
  adminPassword = /Password \(shown only this once[^:]*\): (\S+)/.exec(stdout)?.[1] ?? ''
  app = await startApp({ database: target })
}, 120_000)

afterAll(async () => {
  await app?.close()
  await dropDatabase()
})

/** The newest e-mail to an address, from the app's own outbox. */
async function lastMailTo(address: string) {
  const { db } = (await globalThis.__viertelDatabase)!
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, address))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1)
  if (!mail) throw new Error(`no e-mail to ${address}`)
  return mail
}

const pathIn = (text: string, prefix: string) => {
  const found = new RegExp(`https?://[^/\\s]+(${prefix}[a-z2-7]+)`).exec(text)?.[1]
  if (!found) throw new Error(`no ${prefix} link in: ${text}`)
  return found
}

test('from an empty database: admin:create, a centre, its first manager invited by e-mail, signed up, in the console', async () => {
  // 1. admin:create migrated the empty database and made the only account.
  expect(adminCreateOutput).toContain(`created the platform admin ${ADMIN}`)
  expect(adminPassword).toHaveLength(24)
  const { db } = (await globalThis.__viertelDatabase)!
  expect(await db.select({ email: users.email, isAdmin: users.isAdmin }).from(users)).toEqual([
    { email: ADMIN, isAdmin: true },
  ])
  expect(await db.select().from(centres)).toEqual([])

  // 2. The admin logs in; the console asks for a second factor first (ADR 067), which they set up.
  const admin = visitor(app)
  const login = await admin.post('/login', { email: ADMIN, password: adminPassword, redirectTo: '/admin' })
  expect(login).toMatchObject({ status: 302, location: '/admin' })
  expect(await admin.get('/admin')).toMatchObject({ status: 302, location: '/account/security' })
  expect((await admin.post('/account/security', { intent: 'start' })).status).toBe(302)
  const setupPage = await admin.get('/account/security')
  const secret = /data-testid="totp-secret"[^>]*>([A-Z2-7]+)</.exec(setupPage.text)?.[1]
  expect(secret).toBeTruthy()
  const confirmed = await admin.post('/account/security', {
    intent: 'confirm',
    code: totpCode(decodeBase32IgnorePadding(secret!), new Date()),
  })
  expect(confirmed.status).toBe(200)

  // 3. A centre, in French: the invitation goes out in the centre's language.
  const created = await admin.post('/admin', {
    intent: 'createCentre',
    name: 'Maison des Projets',
    slug: 'maison',
    city: 'Lille',
    country: 'FR',
    moderationMode: 'post',
    hourValueEuros: '20',
    languages: 'fr',
  })
  expect(created).toMatchObject({ status: 302, location: '/admin' })
  const centreId = UUID.exec((await admin.get('/admin')).text)?.[0]
  const [centre] = await db.select().from(centres)
  expect(centre).toMatchObject({ slug: 'maison', languages: ['fr'] })
  expect(centreId).toBeTruthy()

  // 4. The first manager, by an e-mail that has no account: invited, not refused.
  const invited = await admin.post('/admin', { intent: 'appoint', centreId: centre!.id, email: MANAGER })
  expect(invited).toMatchObject({ status: 302, location: '/admin' })
  const adminPage = await admin.get('/admin')
  expect(mainText(adminPage.text)).toContain('erste.verwalterin@example.org')
  expect(adminPage.text).toContain('name="intent" value="resendInvitation"')
  expect(adminPage.text).toContain('name="intent" value="revokeInvitation"')
  const invitation = await lastMailTo('erste.verwalterin@example.org')
  expect(invitation.subject).toBe('Invitation : gérer Maison des Projets sur Viertel')
  const invitePath = pathIn(invitation.text, '/invite/')

  // 5. The link, without a session: who invites to what, and the ways in.
  const person = visitor(app)
  const landing = await person.get(invitePath)
  expect(landing.status).toBe(200)
  expect(mainText(landing.text)).toContain('Maison des Projets')
  expect(landing.text).toContain(`/signup?redirectTo=${encodeURIComponent(invitePath)}`)

  // 6. Signup with the invited address; the signup e-mail's link brings them back to the invitation.
  const signup = await person.post('/signup', {
    name: 'Erste Verwalterin',
    email: MANAGER,
    password: 'Lagerhaus-Fahrradwerkstatt-1987!',
    redirectTo: invitePath,
  })
  expect(signup).toMatchObject({ status: 302, location: '/confirm-email' })
  const confirmPath = pathIn((await lastMailTo('erste.verwalterin@example.org')).text, '/confirm-email/')
  const confirm = await person.post(confirmPath, {})
  expect(confirm).toMatchObject({ status: 302, location: invitePath })
  const open = await person.get(invitePath)
  expect(open.status).toBe(200)
  expect(open.text).toContain('method="post"')

  // 7. Accept: manager of the centre, and the console opens.
  const accepted = await person.post(invitePath, {})
  expect(accepted).toMatchObject({ status: 302, location: '/c/maison/manage' })
  expect((await person.get('/c/maison/manage')).status).toBe(200)

  // 8. The link is spent; the admin's page lists the manager and no pending invitation.
  expect((await person.get(invitePath)).status).toBe(410)
  const after = await admin.get('/admin')
  expect(mainText(after.text)).toContain('Erste Verwalterin')
  expect(after.text).not.toContain('value="revokeInvitation"')
})

test('only a platform admin invites; another account opening the link is told it is not theirs (403) and gains nothing', async () => {
  const { db } = (await globalThis.__viertelDatabase)!
  const [centre] = await db.select().from(centres)
  const manager = visitor(app)
  const [first] = await db.select().from(users).where(eq(users.email, 'erste.verwalterin@example.org'))
  manager.setCookie(await app.cookieFor(first!.email))
  // A manager is no platform admin: the admin's action refuses them, nothing is sent.
  const before = (await db.select().from(emailOutbox)).length
  const refused = await manager.post('/admin', { intent: 'appoint', centreId: centre!.id, email: 'zweite@example.org' })
  expect(refused.status).toBe(403)
  expect((await db.select().from(emailOutbox)).length).toBe(before)

  // The admin invites a second address; the first manager (another account) opens its link.
  const admin = visitor(app)
  admin.setCookie(await app.cookieFor(ADMIN))
  expect((await admin.post('/admin', { intent: 'appoint', centreId: centre!.id, email: 'zweite@example.org' })).status).toBe(302)
  const invitePath = pathIn((await lastMailTo('zweite@example.org')).text, '/invite/')
  const stranger = visitor(app)
  const [other] = await db
    .insert(users)
    .values({ email: 'jemand@example.org', name: 'Jemand', passwordHash: 'x', emailVerifiedAt: new Date() })
    .returning()
  stranger.setCookie(await app.cookieFor(other!.email))
  const shown = await stranger.get(invitePath)
  expect(shown.status).toBe(403)
  expect(mainText(shown.text)).toContain('z…@example.org')
  expect(shown.text).not.toContain('zweite@example.org')
  expect((await stranger.post(invitePath, {})).status).toBe(403)
  expect((await stranger.get('/c/maison/manage')).status).toBe(403)

  // Revoked by the admin: the link says so (410).
  const invitationId = /name="invitationId" value="([^"]+)"/.exec((await admin.get('/admin')).text)?.[1]
  expect(invitationId).toMatch(UUID)
  const revoked = await admin.post('/admin', { intent: 'revokeInvitation', centreId: centre!.id, invitationId: invitationId! })
  expect(revoked).toMatchObject({ status: 302, location: '/admin' })
  expect((await visitor(app).get(invitePath)).status).toBe(410)
  // Revoking again: said at the list, not a 500.
  const again = await admin.post('/admin', { intent: 'revokeInvitation', centreId: centre!.id, invitationId: invitationId! })
  expect(again.status).toBe(409)
})
