import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeUser } from '#db/factories'
import { auditLog, emailOutbox, initiativeMembers, invitations } from '#db/schema'
import { hashToken } from '~/modules/auth/session.server'
import {
  acceptInvitation,
  getInvitationByToken,
  INVITATION_DAYS,
  inviteMember,
  listPendingInvitations,
  revokeInvitation,
} from '~/modules/initiatives/invitations.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const ORIGIN = 'https://viertel.example'

async function setup(status: 'active' | 'applied' | 'rejected' = 'active') {
  const db = database.db
  const centre = await makeCentre(db, { name: 'Lagerhaus Test' })
  const initiative = await makeInitiative(db, centre.id, { name: 'Radwerk Test', status })
  const owner = await makeUser(db, { name: 'Olga Owner', locale: 'nl' })
  await addMember(db, initiative, owner.id, 'owner')
  const invite = (email: string) => inviteMember(db, { centre, initiative, inviter: owner, email, origin: ORIGIN })
  return { db, centre, initiative, owner, invite }
}

const isMember = async (initiativeId: string, userId: string) =>
  (
    await database.db
      .select()
      .from(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.userId, userId)))
  ).length > 0

describe('invitations', () => {
  it('makes the first person to accept the owner of an initiative that has none (an imported one); the next are members', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id, { name: 'Ohne Besitzer' })
    const manager = await makeUser(db)
    const invite = (email: string) => inviteMember(db, { centre, initiative, inviter: manager, email, origin: ORIGIN })
    const first = await makeUser(db, { email: 'first-owner@example.test' })
    const second = await makeUser(db, { email: 'second@example.test' })
    const one = await invite(first.email)
    const two = await invite(second.email)
    if (!one.ok || !two.ok) throw new Error('invite failed')
    expect(await acceptInvitation(db, { token: one.token, userId: first.id })).toMatchObject({ ok: true })
    expect(await acceptInvitation(db, { token: two.token, userId: second.id })).toMatchObject({ ok: true })
    const roles = await db
      .select({ userId: initiativeMembers.userId, role: initiativeMembers.role })
      .from(initiativeMembers)
      .where(eq(initiativeMembers.initiativeId, initiative.id))
    expect(roles).toHaveLength(2)
    expect(roles.find((r) => r.userId === first.id)?.role).toBe('owner')
    expect(roles.find((r) => r.userId === second.id)?.role).toBe('member')
  })

  it('keeps the role member where the initiative has an owner', async () => {
    const { db, initiative, invite } = await setup()
    const person = await makeUser(db, { email: 'joiner@example.test' })
    const result = await invite(person.email)
    if (!result.ok) throw new Error('invite failed')
    await acceptInvitation(db, { token: result.token, userId: person.id })
    const [row] = await db
      .select({ role: initiativeMembers.role })
      .from(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, initiative.id), eq(initiativeMembers.userId, person.id)))
    expect(row?.role).toBe('member')
  })

  it('stores only the SHA-256 of the token, expires in 14 days, and e-mails the link', async () => {
    const { db, centre, initiative, owner, invite } = await setup()
    const result = await invite('  Colleague@Example.TEST ')
    if (!result.ok) throw new Error('invite failed')
    const { invitation, token } = result
    expect(invitation.email).toBe('colleague@example.test')
    expect(invitation.tokenHash).toBe(hashToken(token))
    expect(invitation.tokenHash).not.toContain(token)
    const days = (invitation.expiresAt.getTime() - invitation.createdAt.getTime()) / 86_400_000
    expect(days).toBeCloseTo(INVITATION_DAYS, 1)
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'colleague@example.test'))
    // no account for the address: the e-mail is in the inviter's language (Dutch here)
    expect(mail!.subject).toBe('Uitnodiging voor Radwerk Test op Viertel')
    expect(mail!.text).toContain(`${ORIGIN}/invite/${token}`)
    expect(mail!.text).toContain('Olga Owner')
    expect(mail).toMatchObject({ kind: 'invitation', centreId: centre.id })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit).toEqual([expect.objectContaining({ action: 'invitation.created', actorId: owner.id })])
  })

  it('writes to an existing account in its own language', async () => {
    const { db, invite } = await setup()
    const colleague = await makeUser(db, { locale: 'en' })
    await invite(colleague.email.toUpperCase())
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, colleague.email))
    expect(mail!.subject).toBe('Invitation to Radwerk Test on Viertel')
  })

  it('accepting makes the person a member once; the link then no longer works', async () => {
    const { db, centre, initiative, invite } = await setup()
    const colleague = await makeUser(db)
    const result = await invite(colleague.email)
    if (!result.ok) throw new Error('invite failed')
    const shown = await getInvitationByToken(db, result.token)
    expect(shown).toMatchObject({ state: 'open', initiative: { name: 'Radwerk Test' }, centre: { slug: centre.slug } })
    expect(await acceptInvitation(db, { token: result.token, userId: colleague.id })).toEqual({
      ok: true,
      kind: 'initiative',
      centreSlug: centre.slug,
      initiativeSlug: initiative.slug,
      alreadyMember: false,
    })
    expect(await isMember(initiative.id, colleague.id)).toBe(true)
    const [row] = await db.select().from(invitations).where(eq(invitations.id, result.invitation.id))
    expect(row).toMatchObject({ acceptedBy: colleague.id })
    const stranger = await makeUser(db)
    expect(await acceptInvitation(db, { token: result.token, userId: stranger.id })).toEqual({
      ok: false,
      error: 'used',
    })
    expect(await isMember(initiative.id, stranger.id)).toBe(false)
    expect((await getInvitationByToken(db, result.token))!.state).toBe('used')
  })

  it('an expired link is refused', async () => {
    const { db, initiative, invite } = await setup()
    const result = await invite('late@example.test')
    if (!result.ok) throw new Error('invite failed')
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, result.invitation.id))
    const late = await makeUser(db)
    expect(await acceptInvitation(db, { token: result.token, userId: late.id })).toEqual({
      ok: false,
      error: 'expired',
    })
    expect(await isMember(initiative.id, late.id)).toBe(false)
    expect((await listPendingInvitations(db, initiative.id))[0]!.state).toBe('expired')
  })

  it('a revoked link is refused; revoking is scoped to the initiative and centre', async () => {
    const { db, centre, initiative, owner, invite } = await setup()
    const result = await invite('revoked@example.test')
    if (!result.ok) throw new Error('invite failed')
    const other = await setup()
    // another initiative's owner cannot revoke it
    expect(
      await revokeInvitation(db, {
        centreId: other.centre.id,
        initiativeId: other.initiative.id,
        invitationId: result.invitation.id,
        actorId: other.owner.id,
      }),
    ).toBe(false)
    expect(
      await revokeInvitation(db, {
        centreId: centre.id,
        initiativeId: initiative.id,
        invitationId: result.invitation.id,
        actorId: owner.id,
      }),
    ).toBe(true)
    const person = await makeUser(db)
    expect(await acceptInvitation(db, { token: result.token, userId: person.id })).toEqual({
      ok: false,
      error: 'revoked',
    })
    expect(await listPendingInvitations(db, initiative.id)).toEqual([])
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit.map((a) => a.action).sort()).toEqual(['invitation.created', 'invitation.revoked'])
  })

  it('a new invitation to the same address replaces the open one', async () => {
    const { db, initiative, invite } = await setup()
    const first = await invite('twice@example.test')
    const second = await invite('twice@example.test')
    if (!first.ok || !second.ok) throw new Error('invite failed')
    // only the invited address may accept (issue #13 §5)
    const person = await makeUser(db, { email: 'twice@example.test' })
    expect(await acceptInvitation(db, { token: first.token, userId: person.id })).toEqual({
      ok: false,
      error: 'revoked',
    })
    expect((await acceptInvitation(db, { token: second.token, userId: person.id })).ok).toBe(true)
    expect(await isMember(initiative.id, person.id)).toBe(true)
  })

  it('refuses to invite someone who already belongs to the initiative', async () => {
    const { db, initiative, invite } = await setup()
    const member = await makeUser(db)
    await addMember(db, initiative, member.id)
    expect(await invite(member.email)).toEqual({ ok: false, error: 'alreadyMember' })
  })

  it('unknown or malformed tokens are not found; a rejected initiative’s links no longer work', async () => {
    const { db, invite } = await setup('applied')
    expect(await getInvitationByToken(db, 'abc')).toBeNull()
    expect(await getInvitationByToken(db, 'a'.repeat(32))).toBeNull()
    const person = await makeUser(db)
    expect(await acceptInvitation(db, { token: "'; drop table users; --", userId: person.id })).toEqual({
      ok: false,
      error: 'notFound',
    })
    const rejected = await setup('rejected')
    const result = await rejected.invite('nobody@example.test')
    if (!result.ok) throw new Error('invite failed')
    expect(await acceptInvitation(db, { token: result.token, userId: person.id })).toEqual({
      ok: false,
      error: 'revoked',
    })
    // while applying, owners can already bring their colleagues (the invited address accepts)
    const applying = await invite(person.email)
    if (!applying.ok) throw new Error('invite failed')
    expect((await acceptInvitation(db, { token: applying.token, userId: person.id })).ok).toBe(true)
  })
})
