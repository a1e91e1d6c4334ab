import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, initiativeMembers, initiatives, invitations, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { normaliseEmail } from '~/modules/auth/accounts.server'
import { appointManager } from '~/modules/centres/centres.server'
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

export type InviteResult = { ok: true; invitation: Invitation; token: string } | { ok: false; error: 'alreadyMember' }

/**
 * Writes a new invitation link of either kind (ADR 073) and answers its token, which exists only
 * here and in the e-mail the caller sends: 160 random bits, of which only the SHA-256 is stored.
 * An open invitation of the same kind to the same address for the same initiative (or, for a
 * manager invitation, the same centre) is revoked, so only the newest link works. Call it inside
 * the transaction that records the act and enqueues the e-mail.
 */
export async function issueInvitation(
  tx: DbOrTx,
  input: { kind: Invitation['kind']; centreId: string; initiativeId: string | null; email: string; invitedBy: string },
  now = new Date(),
): Promise<{ invitation: Invitation; token: string; replaced: string[] }> {
  const email = normaliseEmail(input.email)
  const target =
    input.kind === 'manager'
      ? and(eq(invitations.kind, 'manager'), eq(invitations.centreId, input.centreId))
      : eq(invitations.initiativeId, input.initiativeId ?? '')
  const replaced = await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(target, eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id })
  const token = generateSessionToken()
  const [invitation] = await tx
    .insert(invitations)
    .values({
      kind: input.kind,
      centreId: input.centreId,
      initiativeId: input.kind === 'manager' ? null : input.initiativeId,
      email,
      tokenHash: hashToken(token),
      invitedBy: input.invitedBy,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY),
    })
    .returning()
  return { invitation: invitation!, token, replaced: replaced.map((r) => r.id) }
}

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
    if (existing?.memberRole) return { ok: false, error: 'alreadyMember' }
    const { invitation, token } = await issueInvitation(tx, {
      kind: 'initiative',
      centreId: input.centre.id,
      initiativeId: input.initiative.id,
      email,
      invitedBy: input.inviter.id,
    })
    await recordAudit(tx, {
      centreId: input.centre.id,
      actorId: input.inviter.id,
      action: 'invitation.created',
      subjectType: 'initiative',
      subjectId: input.initiative.id,
      details: { email, invitationId: invitation.id },
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
    return { ok: true, invitation, token }
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

/**
 * What an invitation link shows: its kind, the centre (and for an initiative invitation the
 * initiative), who sent it, and whether the link still works. An initiative invitation dies with
 * its initiative's admission (rejected, left); a manager invitation only by time, use or revocation.
 */
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
    .leftJoin(initiatives, eq(initiatives.id, invitations.initiativeId))
    .innerJoin(centres, eq(centres.id, invitations.centreId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)))
  if (!row) return null
  const { initiative, ...rest } = row
  if (row.invitation.kind === 'manager') {
    return { ...rest, kind: 'manager' as const, initiative: null, state: invitationState(row.invitation) }
  }
  if (!initiative) return null
  const state = isOpenForOwners(initiative.status) ? invitationState(row.invitation) : ('revoked' as const)
  return { ...rest, kind: 'initiative' as const, initiative, state }
}

export type AcceptResult =
  | { ok: true; kind: 'initiative'; centreSlug: string; initiativeSlug: string; alreadyMember: boolean }
  | { ok: true; kind: 'manager'; centreSlug: string; alreadyManager: boolean }
  | { ok: false; error: 'notFound' | Exclude<InvitationState, 'open'> }
  | { ok: false; error: 'otherRecipient'; maskedEmail: string }

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
 * The logged-in person accepts: they become a member (role `member`; `owner` when the initiative
 * has none yet, as after an import), or, for a manager invitation, a manager of the centre. A link in an e-mail can be
 * forwarded, leaked or read over a shoulder, so it is not the permission by itself: only the
 * account with the invited address may accept (ADR 060); anyone else is told, with the address
 * masked, and nothing is written. Who accepted is recorded. A link works once.
 */
export async function acceptInvitation(db: DbOrTx, input: { token: string; userId: string }): Promise<AcceptResult> {
  const found = await getInvitationByToken(db, input.token)
  if (!found) return { ok: false, error: 'notFound' }
  if (found.state !== 'open') return { ok: false, error: found.state }
  const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId))
  if (!account) return { ok: false, error: 'notFound' }
  if (!isInvitedAccount(found.invitation.email, account.email)) {
    return { ok: false, error: 'otherRecipient', maskedEmail: maskEmail(found.invitation.email) }
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
      return { ok: false, error: state === 'open' ? 'used' : state }
    }
    if (found.kind === 'manager') {
      // Appointed by the admin who sent the link (ADR 073): the appointment is theirs, the acceptance the person's.
      const appointed = await appointManager(tx, invitation.invitedBy, invitation.centreId, input.userId)
      await recordAudit(tx, {
        centreId: invitation.centreId,
        actorId: input.userId,
        action: 'manager.invitation_accepted',
        subjectType: 'centre',
        subjectId: invitation.centreId,
        details: { invitationId: invitation.id, email: invitation.email },
      })
      return { ok: true, kind: 'manager', centreSlug: found.centre.slug, alreadyManager: !appointed }
    }
    const initiativeId = found.initiative.id
    // An initiative without an owner (one brought in by a manager's import, issue #19) gets its
    // first accepting person as owner, so someone can keep its profile and invite the others. The
    // initiative row is locked, so of two people accepting at once exactly one becomes owner.
    await tx.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.id, initiativeId)).for('update')
    const [owner] = await tx
      .select({ userId: initiativeMembers.userId })
      .from(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, initiativeId), eq(initiativeMembers.role, 'owner')))
      .limit(1)
    const role = owner ? 'member' : 'owner'
    const inserted = await tx
      .insert(initiativeMembers)
      .values({
        initiativeId,
        centreId: invitation.centreId,
        userId: input.userId,
        role,
      })
      .onConflictDoNothing()
      .returning()
    await recordAudit(tx, {
      centreId: invitation.centreId,
      actorId: input.userId,
      action: 'invitation.accepted',
      subjectType: 'initiative',
      subjectId: initiativeId,
      details: { invitationId: invitation.id, email: invitation.email, ...(inserted.length ? { role } : {}) },
    })
    return {
      ok: true,
      kind: 'initiative',
      centreSlug: found.centre.slug,
      initiativeSlug: found.initiative.slug,
      alreadyMember: !inserted.length,
    }
  })
}
