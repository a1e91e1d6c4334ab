import { and, asc, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { centres, invitations } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { findUserByEmail, normaliseEmail } from '~/modules/auth/accounts.server'
import { INVITATION_DAYS, invitationState, issueInvitation } from '~/modules/initiatives/invitations.server'
import { enqueueEmail, enqueueTemplatedEmail } from '~/modules/notifications/outbox.server'
import { fail, ok, type Result } from '~/modules/shared/results'
import { appointManager, type Centre } from './centres.server'
import { renderManagerInvitationMail } from './manager-invitation-mail.server'

/**
 * A centre's managers come from the platform admin (issue #19, ADR 073): an e-mail with an account
 * is appointed at once; an e-mail without one gets a manager invitation — a link of the invitation
 * mechanism of initiatives (same table, kind `manager`): 14 days, once, revocable, bound to the
 * address, audited. Following it, the person signs up or logs in and accepts
 * (acceptInvitation in initiatives/invitations.server.ts) and manages the centre.
 */

type CentreRef = Pick<Centre, 'id' | 'slug' | 'name' | 'city' | 'languages'>
interface Actor {
  id: string
  name: string
}

export type AppointOrInvite =
  | { ok: true; outcome: 'appointed' | 'alreadyManager'; name: string }
  | { ok: true; outcome: 'invited'; email: string; invitationId: string }

/**
 * The admin names a manager by e-mail. An existing account is appointed (and told, in their
 * language); an address without one is invited. The admin's own act either way, in one
 * transaction with its audit entry and e-mail.
 */
export async function appointManagerByEmail(
  db: DbOrTx,
  input: { actor: Actor; centre: CentreRef; email: string; origin: string },
): Promise<AppointOrInvite> {
  return db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email)
    if (!user) {
      const invitation = await inviteManager(tx, input)
      return { ok: true, outcome: 'invited', email: invitation.email, invitationId: invitation.id }
    }
    const appointed = await appointManager(tx, input.actor.id, input.centre.id, user.id)
    if (appointed) {
      await enqueueTemplatedEmail(tx, user, {
        template: 'managerAppointed',
        kind: 'manager.appointed',
        centreId: input.centre.id,
        params: { centre: input.centre.name, link: `${input.origin}/c/${input.centre.slug}/manage` },
      })
      // A link still open for this address is moot now: it would only say "you manage this already".
      await closeOpenInvitations(tx, input.actor.id, input.centre.id, user.email, 'appointed')
    }
    return { ok: true, outcome: appointed ? 'appointed' : 'alreadyManager', name: user.name }
  })
}

/** Writes the invitation (replacing an open one to the same address), audits it and enqueues the e-mail. */
async function inviteManager(
  tx: DbOrTx,
  input: { actor: Actor; centre: CentreRef; email: string; origin: string; resentFrom?: string },
) {
  const { invitation, token, replaced } = await issueInvitation(tx, {
    kind: 'manager',
    centreId: input.centre.id,
    initiativeId: null,
    email: input.email,
    invitedBy: input.actor.id,
  })
  await recordAudit(tx, {
    centreId: input.centre.id,
    actorId: input.actor.id,
    action: input.resentFrom ? 'manager.invitation_resent' : 'manager.invited',
    subjectType: 'centre',
    subjectId: input.centre.id,
    details: {
      email: invitation.email,
      invitationId: invitation.id,
      ...(replaced.length ? { replaced } : {}),
    },
  })
  const mail = renderManagerInvitationMail({
    locale: input.centre.languages[0],
    inviter: input.actor.name,
    centre: input.centre,
    link: `${input.origin}/invite/${token}`,
    days: INVITATION_DAYS,
  })
  await enqueueEmail(tx, { to: invitation.email, ...mail, kind: 'manager.invitation', centreId: input.centre.id })
  return invitation
}

/** Open manager invitations of every centre (expired ones too, marked), for the admin's page. */
export async function listManagerInvitations(db: DbOrTx) {
  const rows = await db
    .select({
      id: invitations.id,
      centreId: invitations.centreId,
      email: invitations.email,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(and(eq(invitations.kind, 'manager'), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.email))
  return rows.map(({ acceptedAt: _a, revokedAt: _r, ...row }) => ({
    ...row,
    state: invitationState({ acceptedAt: _a, revokedAt: _r, expiresAt: row.expiresAt }) as 'open' | 'expired',
  }))
}

/** Finds an open (or expired, never used or revoked) manager invitation of this centre. */
async function openInvitation(tx: DbOrTx, centreId: string, invitationId: string) {
  const [row] = await tx
    .select({ invitation: invitations, centre: centres })
    .from(invitations)
    .innerJoin(centres, eq(centres.id, invitations.centreId))
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.centreId, centreId),
        eq(invitations.kind, 'manager'),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .for('update', { of: invitations })
  return row ?? null
}

/** The admin takes an invitation back: its link stops working at once (the page says "revoked"). */
export async function revokeManagerInvitation(
  db: DbOrTx,
  input: { actorId: string; centreId: string; invitationId: string },
): Promise<Result<{ email: string }, 'notFound'>> {
  return db.transaction(async (tx) => {
    const found = await openInvitation(tx, input.centreId, input.invitationId)
    if (!found) return fail('notFound')
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, found.invitation.id))
    await recordAudit(tx, {
      centreId: input.centreId,
      actorId: input.actorId,
      action: 'manager.invitation_revoked',
      subjectType: 'centre',
      subjectId: input.centreId,
      details: { email: found.invitation.email, invitationId: found.invitation.id },
    })
    return ok({ email: found.invitation.email })
  })
}

/**
 * Sends the invitation again: a new link (only the token's hash is stored, so the old link cannot
 * be sent twice), valid 14 days from now; the old one stops working. For a lost or expired e-mail.
 * If the address has an account meanwhile, the person is appointed instead.
 */
export async function resendManagerInvitation(
  db: DbOrTx,
  input: { actor: Actor; centreId: string; invitationId: string; origin: string },
): Promise<Result<AppointOrInvite & { centreName: string }, 'notFound'>> {
  return db.transaction(async (tx) => {
    const found = await openInvitation(tx, input.centreId, input.invitationId)
    if (!found) return fail('notFound')
    const centreName = found.centre.name
    if (await findUserByEmail(tx, found.invitation.email)) {
      const appointed = await appointManagerByEmail(tx, {
        actor: input.actor,
        centre: found.centre,
        email: found.invitation.email,
        origin: input.origin,
      })
      return { ...appointed, centreName }
    }
    const invitation = await inviteManager(tx, {
      actor: input.actor,
      centre: found.centre,
      email: found.invitation.email,
      origin: input.origin,
      resentFrom: found.invitation.id,
    })
    return ok({ outcome: 'invited' as const, email: invitation.email, invitationId: invitation.id, centreName })
  })
}

async function closeOpenInvitations(tx: DbOrTx, actorId: string, centreId: string, email: string, reason: 'appointed') {
  const closed = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.kind, 'manager'),
        eq(invitations.centreId, centreId),
        eq(invitations.email, normaliseEmail(email)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id, email: invitations.email })
  for (const row of closed) {
    await recordAudit(tx, {
      centreId,
      actorId,
      action: 'manager.invitation_revoked',
      subjectType: 'centre',
      subjectId: centreId,
      details: { email: row.email, invitationId: row.id, reason },
    })
  }
}
