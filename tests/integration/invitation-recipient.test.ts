import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeUser } from '#db/factories'
import { auditLog, initiativeMembers, invitations } from '#db/schema'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { acceptInvitation, inviteMember, maskEmail } from '~/modules/initiatives/invitations.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #13 §5: an invitation link is not a bearer ticket. Only the account with the invited
 * address may accept (compared as accounts compare addresses: trimmed, any case); anyone else
 * holding the link is told, with the address masked, and nothing is written.
 */
let database: TestDatabase
type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> }
let route: { loader: (args: Args) => Promise<unknown>; action: (args: Args) => Promise<unknown> }

beforeAll(async () => {
  database = await createTestDatabase()
  globalThis.__viertelDatabase = Promise.resolve(database)
  route = await import('~/routes/invite.$token')
})
afterAll(() => database.close())

async function setup(invited = `invitee-${Math.random().toString(36).slice(2, 8)}@example.test`) {
  const db = database.db
  const centre = await makeCentre(db)
  const initiative = await makeInitiative(db, centre.id, { status: 'active' })
  const owner = await makeUser(db)
  await addMember(db, initiative, owner.id, 'owner')
  const result = await inviteMember(db, { centre, initiative, inviter: owner, email: invited, origin: 'http://localhost:3000' })
  if (!result.ok) throw new Error('invite failed')
  return { db, centre, initiative, token: result.token, invitationId: result.invitation.id, invited }
}

const membersOf = (initiativeId: string, userId: string) =>
  database.db
    .select()
    .from(initiativeMembers)
    .where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.userId, userId)))

async function cookieFor(userId: string) {
  const token = generateSessionToken()
  await createSession(database.db, token, userId)
  return `viertel_session=${token}`
}

/** The route's answer as status and body, whether returned or thrown. */
async function call(kind: 'loader' | 'action', token: string, cookie: string | null) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
  if (cookie) headers.Cookie = cookie
  const request = new Request(`http://localhost/invite/${token}`, kind === 'action' ? { method: 'POST', headers, body: '' } : { headers })
  let result: unknown
  try {
    result = await route[kind]({ request, params: { token }, context: {} })
  } catch (thrown) {
    result = thrown
  }
  if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get('Location') }
  const { data, init } = result as { data: Record<string, unknown>; init?: ResponseInit | null }
  return { status: init?.status ?? 200, body: data, location: null }
}

describe('an invitation is accepted only by the invited address', () => {
  it('masks an address: first letter and domain', () => {
    expect(maskEmail('frieda@example.org')).toBe('f…@example.org')
    expect(maskEmail('ü@beispiel.de')).toBe('ü…@beispiel.de')
    expect(maskEmail('broken')).toBe('…')
  })

  it('someone else holding the link is refused, told the masked address, and nothing is written', async () => {
    const { db, initiative, token, invitationId, invited } = await setup('frieda.invited@example.test')
    const stranger = await makeUser(db)
    expect(await acceptInvitation(db, { token, userId: stranger.id })).toEqual({
      ok: false,
      error: 'otherRecipient',
      maskedEmail: 'f…@example.test',
    })
    expect(await membersOf(initiative.id, stranger.id)).toEqual([])
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId))
    expect(row).toMatchObject({ acceptedAt: null, acceptedBy: null, revokedAt: null })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit.map((a) => a.action)).toEqual(['invitation.created'])
    // the link still works for the person it was meant for
    const invitee = await makeUser(db, { email: invited })
    expect((await acceptInvitation(db, { token, userId: invitee.id })).ok).toBe(true)
    expect(await membersOf(initiative.id, invitee.id)).toHaveLength(1)
  })

  it('the invited address matches whatever its case in the account', async () => {
    const { db, initiative, token } = await setup('Mixed.Case@Example.TEST')
    const invitee = await makeUser(db, { email: 'mixed.case@EXAMPLE.test' })
    expect((await acceptInvitation(db, { token, userId: invitee.id })).ok).toBe(true)
    expect(await membersOf(initiative.id, invitee.id)).toHaveLength(1)
  })

  it('the page: a stranger sees the masked address and a 403; the form post is refused alike', async () => {
    const { db, initiative, token, invited } = await setup('greta.invited@example.test')
    const stranger = await makeUser(db)
    const cookie = await cookieFor(stranger.id)
    const page = await call('loader', token, cookie)
    expect(page.status).toBe(403)
    expect(page.body).toMatchObject({ state: 'otherRecipient', invitation: { email: 'g…@example.test' } })
    expect(JSON.stringify(page.body)).not.toContain(invited)
    const post = await call('action', token, cookie)
    expect(post.status).toBe(403)
    expect(post.body).toMatchObject({ reason: 'otherRecipient' })
    expect(await membersOf(initiative.id, stranger.id)).toEqual([])
    // not logged in: the address is masked too
    const anonymous = await call('loader', token, null)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toMatchObject({ state: 'open', invitation: { email: 'g…@example.test' } })
    // the invitee sees it in full and can accept
    const invitee = await makeUser(db, { email: invited })
    const own = await cookieFor(invitee.id)
    expect(await call('loader', token, own)).toMatchObject({ status: 200, body: { state: 'open', invitation: { email: invited } } })
    const accepted = await call('action', token, own)
    expect(accepted.status).toBe(302)
    expect(await membersOf(initiative.id, invitee.id)).toHaveLength(1)
  })
})
