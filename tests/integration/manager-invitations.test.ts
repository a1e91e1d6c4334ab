import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeInitiative, makeUser } from '#db/factories'
import { auditLog, centreStaff, emailOutbox, invitations } from '#db/schema'
import { hashToken } from '~/modules/auth/session.server'
import { isCentreManager } from '~/modules/centres/centres.server'
import {
  appointManagerByEmail,
  listManagerInvitations,
  resendManagerInvitation,
  revokeManagerInvitation,
} from '~/modules/centres/manager-invitations.server'
import { acceptInvitation, getInvitationByToken } from '~/modules/initiatives/invitations.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * Issue #19: the platform admin invites a centre's manager by an e-mail that has no account yet
 * (ADR 073). The link is an invitation of kind `manager`: 14 days, once, revocable, bound to the
 * address, audited; an existing account is still appointed at once.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const ORIGIN = 'https://viertel.example'
const DAY = 24 * 60 * 60 * 1000

async function setup(languages = ['fr', 'de']) {
  const db = database.db
  const admin = await makeUser(db, { isAdmin: true, name: 'Ada Admin' })
  const centre = await makeCentre(db, { name: 'Maison Verte', city: 'Lille', languages })
  const email = `new-${Math.random().toString(36).slice(2, 10)}@example.test`
  const invite = async (address = email) => {
    const outcome = await appointManagerByEmail(db, { actor: admin, centre, email: address, origin: ORIGIN })
    if (outcome.outcome !== 'invited') throw new Error(`not invited: ${outcome.outcome}`)
    // The newest invitation e-mail to the address: the one whose link hashes to the new row's hash.
    const [row] = await db.select().from(invitations).where(eq(invitations.id, outcome.invitationId))
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, outcome.email), eq(emailOutbox.kind, 'manager.invitation')))
    const mail = mails.find((m) => hashToken(/\/invite\/([a-z2-7]+)/.exec(m.text)![1]!) === row!.tokenHash)
    const token = /\/invite\/([a-z2-7]+)/.exec(mail!.text)![1]!
    return { outcome, mail: mail!, token }
  }
  const actions = async () =>
    (await db.select().from(auditLog).where(eq(auditLog.centreId, centre.id)).orderBy(auditLog.createdAt)).map(
      (a) => a.action,
    )
  return { db, admin, centre, email, invite, actions }
}

describe('manager invitations', () => {
  it('an address without an account gets an invitation in the centre’s language; only the hash is stored; nobody is appointed yet', async () => {
    const { db, admin, centre, email, invite, actions } = await setup()
    const { outcome, mail, token } = await invite(email.toUpperCase())
    expect(outcome).toMatchObject({ ok: true, outcome: 'invited', email })
    expect(mail.subject).toBe('Invitation : gérer Maison Verte sur Viertel')
    expect(mail.text).toContain('Ada Admin vous invite à gérer Maison Verte (Lille) sur Viertel')
    expect(mail.text).toContain(`${ORIGIN}/invite/${token}`)
    expect(mail.text).toContain('14 jours')
    expect(mail.html).toContain(`href="${ORIGIN}/invite/${token}"`)
    expect(mail.html).toContain('lang="fr"')
    expect(mail.centreId).toBe(centre.id)

    const [row] = await db.select().from(invitations).where(eq(invitations.id, outcome.invitationId))
    expect(row).toMatchObject({ kind: 'manager', centreId: centre.id, initiativeId: null, email, invitedBy: admin.id })
    expect(row!.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(row)).not.toContain(token)
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(14 * DAY - 60_000)
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(14 * DAY + 60_000)

    expect(await db.select().from(centreStaff).where(eq(centreStaff.centreId, centre.id))).toEqual([])
    expect(await actions()).toEqual(['manager.invited'])
    const listed = (await listManagerInvitations(db)).filter((i) => i.centreId === centre.id)
    expect(listed).toEqual([expect.objectContaining({ id: outcome.invitationId, email, state: 'open' })])
    expect(await getInvitationByToken(db, token)).toMatchObject({
      kind: 'manager',
      state: 'open',
      initiative: null,
      centre: { slug: centre.slug, name: 'Maison Verte' },
      inviterName: 'Ada Admin',
    })
  })

  it('the invited person signs up and accepts: they manage the centre, appointed by the admin; the link works once', async () => {
    const { db, admin, centre, email, invite, actions } = await setup()
    const { token } = await invite()
    // The account made after the invitation, its address typed in capitals.
    const person = await makeUser(db, { email: email.toUpperCase() })
    expect(await acceptInvitation(db, { token, userId: person.id })).toEqual({
      ok: true,
      kind: 'manager',
      centreSlug: centre.slug,
      alreadyManager: false,
    })
    expect(await isCentreManager(db, centre.id, person.id)).toBe(true)
    const [staff] = await db.select().from(centreStaff).where(eq(centreStaff.userId, person.id))
    expect(staff).toMatchObject({ centreId: centre.id, appointedBy: admin.id })
    expect(await actions()).toEqual(['manager.invited', 'manager.appointed', 'manager.invitation_accepted'])
    const audit = await db.select().from(auditLog).where(eq(auditLog.centreId, centre.id))
    expect(audit.find((a) => a.action === 'manager.appointed')).toMatchObject({ actorId: admin.id, subjectId: person.id })
    expect(audit.find((a) => a.action === 'manager.invitation_accepted')).toMatchObject({ actorId: person.id })

    expect(await acceptInvitation(db, { token, userId: person.id })).toEqual({ ok: false, error: 'used' })
    expect((await getInvitationByToken(db, token))!.state).toBe('used')
    expect((await listManagerInvitations(db)).filter((i) => i.centreId === centre.id)).toEqual([])
  })

  it('another account cannot accept it (told, address masked); nothing is written and the invited person still can', async () => {
    const { db, centre, email, invite } = await setup()
    const { token } = await invite()
    const stranger = await makeUser(db)
    expect(await acceptInvitation(db, { token, userId: stranger.id })).toEqual({
      ok: false,
      error: 'otherRecipient',
      maskedEmail: `n…@example.test`,
    })
    expect(await isCentreManager(db, centre.id, stranger.id)).toBe(false)
    expect((await getInvitationByToken(db, token))!.state).toBe('open')
    const person = await makeUser(db, { email })
    expect((await acceptInvitation(db, { token, userId: person.id })).ok).toBe(true)
  })

  it('revoked: the link says so and appoints nobody; a second revoke finds nothing open', async () => {
    const { db, admin, centre, email, invite, actions } = await setup()
    const { outcome, token } = await invite()
    expect(await revokeManagerInvitation(db, { actorId: admin.id, centreId: centre.id, invitationId: outcome.invitationId })).toEqual({
      ok: true,
      email,
    })
    expect(await revokeManagerInvitation(db, { actorId: admin.id, centreId: centre.id, invitationId: outcome.invitationId })).toEqual({
      ok: false,
      error: 'notFound',
    })
    const person = await makeUser(db, { email })
    expect(await acceptInvitation(db, { token, userId: person.id })).toEqual({ ok: false, error: 'revoked' })
    expect(await isCentreManager(db, centre.id, person.id)).toBe(false)
    expect(await actions()).toEqual(['manager.invited', 'manager.invitation_revoked'])
  })

  it('an invitation of one centre cannot be revoked or resent through another centre', async () => {
    const { db, admin, invite } = await setup()
    const { outcome } = await invite()
    const other = await makeCentre(database.db)
    const input = { centreId: other.id, invitationId: outcome.invitationId }
    expect(await revokeManagerInvitation(db, { actorId: admin.id, ...input })).toEqual({ ok: false, error: 'notFound' })
    expect(await resendManagerInvitation(db, { actor: admin, origin: ORIGIN, ...input })).toEqual({
      ok: false,
      error: 'notFound',
    })
  })

  it('expires after 14 days: the link says so; sending again makes a new link that works, the old one stays dead', async () => {
    const { db, admin, centre, email, invite, actions } = await setup()
    const { outcome, token } = await invite()
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, outcome.invitationId))
    const person = await makeUser(db, { email: `later-${email}` })
    expect(await acceptInvitation(db, { token, userId: person.id })).toEqual({ ok: false, error: 'expired' })
    expect((await listManagerInvitations(db)).find((i) => i.id === outcome.invitationId)).toMatchObject({ state: 'expired' })

    const resent = await resendManagerInvitation(db, {
      actor: admin,
      centreId: centre.id,
      invitationId: outcome.invitationId,
      origin: ORIGIN,
    })
    expect(resent).toMatchObject({ ok: true, outcome: 'invited', email, centreName: 'Maison Verte' })
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))
    expect(mails).toHaveLength(2)
    const fresh = /\/invite\/([a-z2-7]+)/.exec(mails.find((m) => !m.text.includes(token))!.text)![1]!
    expect(fresh).not.toBe(token)
    expect((await getInvitationByToken(db, token))!.state).toBe('revoked')
    const invited = await makeUser(db, { email })
    expect(await acceptInvitation(db, { token, userId: invited.id })).toEqual({ ok: false, error: 'revoked' })
    expect((await acceptInvitation(db, { token: fresh, userId: invited.id })).ok).toBe(true)
    expect(await actions()).toEqual([
      'manager.invited',
      'manager.invitation_resent',
      'manager.appointed',
      'manager.invitation_accepted',
    ])
  })

  it('inviting the same address again replaces the open link; an account made meanwhile is appointed at once and its link closed', async () => {
    const { db, admin, centre, email, invite, actions } = await setup()
    const first = await invite()
    const second = await invite()
    expect((await getInvitationByToken(db, first.token))!.state).toBe('revoked')
    expect((await getInvitationByToken(db, second.token))!.state).toBe('open')
    const person = await makeUser(db, { email, locale: 'nl' })
    expect(await appointManagerByEmail(db, { actor: admin, centre, email, origin: ORIGIN })).toEqual({
      ok: true,
      outcome: 'appointed',
      name: person.name,
    })
    expect(await isCentreManager(db, centre.id, person.id)).toBe(true)
    expect((await getInvitationByToken(db, second.token))!.state).toBe('revoked')
    expect((await listManagerInvitations(db)).filter((i) => i.centreId === centre.id)).toEqual([])
    expect(await actions()).toEqual([
      'manager.invited',
      'manager.invited',
      'manager.appointed',
      'manager.invitation_revoked',
    ])
  })

  it('the database refuses a manager invitation tied to an initiative, and an initiative invitation without one', async () => {
    const { db, centre } = await setup()
    const row = { centreId: centre.id, email: 'x@example.test', expiresAt: new Date(Date.now() + DAY) }
    await expect(
      db.insert(invitations).values({ ...row, kind: 'initiative', initiativeId: null, tokenHash: 'a'.repeat(64) }),
    ).rejects.toThrow()
    const initiative = await makeInitiative(db, centre.id)
    await expect(
      db.insert(invitations).values({ ...row, kind: 'manager', initiativeId: initiative.id, tokenHash: 'b'.repeat(64) }),
    ).rejects.toThrow()
    expect(await db.select().from(invitations).where(eq(invitations.email, 'x@example.test'))).toEqual([])
  })
})
