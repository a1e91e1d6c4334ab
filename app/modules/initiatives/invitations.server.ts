import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiativeMembers, initiatives, invitations, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { normaliseEmail } from '~/modules/auth/accounts.server'
import { generateSessionToken, hashToken } from '~/modules/auth/session.server'
import { enqueueTemplatedEmail } from '~/modules/notifications/outbox.server'
import { isOpenForOwners } from './initiatives.server'

export const INVITATION_DAYS = 14
const DAY = 24 * 60 * 60 * 1000

export type Invitation = typeof invitations.$inferSelect
export type InvitationState = 'open' | 'expired' | 'used' | 'revoked'

export function invitationState(
  invitation: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now = new Date(),
): InvitationState {
  if (invitation.acceptedAt) return 'used'
  if (invitation.revokedAt) return 'revoked'
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired'
  return 'open'
}

export type InviteResult = { ok: true; invitation: Invitation; token: string } | { ok: false; reason: 'alreadyMember' }

/**
 * An owner invites someone by e-mail. The link carries a random token (160 bits); only its
 * SHA-256 is stored, so the database alone cannot be used to join. A new invitation to the same
 * address replaces the open one (only the newest link works). The e-mail goes out in the
 * invitee's language when they have an account, else in the inviter's.
 */
export async function inviteMember(
  db: DbOrTx,
  input: {
    centre: { id: string; slug: string; name: string }
    initiative: { id: string; name: string }
    inviter: { id: string; name: string; locale: string }
    email: string
    origin: string
  },
): Promise<InviteResult> {
  const email = normaliseEmail(input.email)
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ locale: users.locale, memberRole: initiativeMembers.role })
      .from(users)
      .leftJoin(
        initiativeMembers,
        and(eq(initiativeMembers.userId, users.id), eq(initiativeMembers.initiativeId, input.initiative.id)),
      )
      .where(eq(sql`lower(${users.email})`, email))
    if (existing?.memberRole) return { ok: false, reason: 'alreadyMember' }
    const now = new Date()
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.initiativeId, input.initiative.id),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
    const token = generateSessionToken()
    const [invitation] = await tx
      .insert(invitations)
      .values({
        centreId: input.centre.id,
        initiativeId: input.initiative.id,
        email,
        tokenHash: hashToken(token),
        invitedBy: input.inviter.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY),
      })
      .returning()
    await recordAudit(tx, {
      centreId: input.centre.id,
      actorId: input.inviter.id,
      action: 'invitation.created',
      subjectType: 'initiative',
      subjectId: input.initiative.id,
      details: { email, invitationId: invitation!.id },
    })
    await enqueueTemplatedEmail(
      tx,
      { email, locale: existing?.locale ?? input.inviter.locale },
      {
        template: 'invitation',
        kind: 'invitation',
        centreId: input.centre.id,
        params: {
          inviter: input.inviter.name,
          initiative: input.initiative.name,
          centre: input.centre.name,
          days: INVITATION_DAYS,
          link: `${input.origin}/invite/${token}`,
        },
      },
    )
    return { ok: true, invitation: invitation!, token }
  })
}

/** Invitations that have not been accepted or revoked (expired ones too, marked as such). */
export async function listPendingInvitations(db: DbOrTx, initiativeId: string) {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(eq(invitations.initiativeId, initiativeId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
    )
    .orderBy(desc(invitations.createdAt))
  return rows.map((row) => ({ ...row, state: invitationState(row) }))
}

export async function revokeInvitation(
  db: DbOrTx,
  input: { centreId: string; initiativeId: string; invitationId: string; actorId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, input.invitationId),
          eq(invitations.initiativeId, input.initiativeId),
          eq(invitations.centreId, input.centreId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email })
    if (!row) return false
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'invitation.revoked',
      subjectType: 'initiative',
      subjectId: input.initiativeId,
      details: { email: row.email, invitationId: row.id },
    })
    return true
  })
}

/** What an invitation link shows: the initiative and centre, and whether the link still works. */
export async function getInvitationByToken(db: DbOrTx, token: string) {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return null
  const [row] = await db
    .select({
      invitation: invitations,
      initiative: { id: initiatives.id, slug: initiatives.slug, name: initiatives.name, status: initiatives.status },
      centre: { id: centres.id, slug: centres.slug, name: centres.name, city: centres.city },
      inviterName: users.name,
    })
    .from(invitations)
    .innerJoin(initiatives, eq(initiatives.id, invitations.initiativeId))
    .innerJoin(centres, eq(centres.id, invitations.centreId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)))
  if (!row) return null
  const state = isOpenForOwners(row.initiative.status) ? invitationState(row.invitation) : ('revoked' as const)
  return { ...row, state }
}

export type AcceptResult =
  | { ok: true; centreSlug: string; initiativeSlug: string; alreadyMember: boolean }
  | { ok: false; reason: 'notFound' | Exclude<InvitationState, 'open'> }
  | { ok: false; reason: 'otherRecipient'; maskedEmail: string }

/**
 * An address shown to someone who may not own it: the first letter of the local part and the
 * domain, `f…@example.org`, enough for the owner to recognise which of their addresses it is.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '…'
  return `${Array.from(email.slice(0, at))[0]}…${email.slice(at)}`
}

/** Whether this account is the one the invitation was sent to (addresses compared as accounts do). */
export function isInvitedAccount(invitationEmail: string, accountEmail: string): boolean {
  return normaliseEmail(invitationEmail) === normaliseEmail(accountEmail)
}

/**
 * The logged-in person accepts: they become a member (role `member`). A link in an e-mail can be
 * forwarded, leaked or read over a shoulder, so it is not the permission by itself: only the
 * account with the invited address may accept (ADR 060); anyone else is told, with the address
 * masked, and nothing is written. Who accepted is recorded. A link works once.
 */
export async function acceptInvitation(db: DbOrTx, input: { token: string; userId: string }): Promise<AcceptResult> {
  const found = await getInvitationByToken(db, input.token)
  if (!found) return { ok: false, reason: 'notFound' }
  if (found.state !== 'open') return { ok: false, reason: found.state }
  const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId))
  if (!account) return { ok: false, reason: 'notFound' }
  if (!isInvitedAccount(found.invitation.email, account.email)) {
    return { ok: false, reason: 'otherRecipient', maskedEmail: maskEmail(found.invitation.email) }
  }
  return db.transaction(async (tx) => {
    const now = new Date()
    // Conditional: of two people opening one link at once, exactly one gets in.
    const [invitation] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: input.userId })
      .where(
        and(
          eq(invitations.id, found.invitation.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning()
    if (!invitation) {
      const [current] = await tx.select().from(invitations).where(eq(invitations.id, found.invitation.id))
      const state = current ? invitationState(current, now) : 'revoked'
      return { ok: false, reason: state === 'open' ? 'used' : state }
    }
    const inserted = await tx
      .insert(initiativeMembers)
      .values({
        initiativeId: invitation.initiativeId,
        centreId: invitation.centreId,
        userId: input.userId,
        role: 'member',
      })
      .onConflictDoNothing()
      .returning()
    await recordAudit(tx, {
      centreId: invitation.centreId,
      actorId: input.userId,
      action: 'invitation.accepted',
      subjectType: 'initiative',
      subjectId: invitation.initiativeId,
      details: { invitationId: invitation.id, email: invitation.email },
    })
    return {
      ok: true,
      centreSlug: found.centre.slug,
      initiativeSlug: found.initiative.slug,
      alreadyMember: !inserted.length,
    }
  })
}
