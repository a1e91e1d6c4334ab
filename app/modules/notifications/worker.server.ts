import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { queryRows } from '#db/rows'
import { emailOutbox, notificationDigests, notifications, users } from '#db/schema'
import { type DigestPeriod, groupForDigest, isDigestDue, PERIOD_MS } from './digest'
import { renderDigestEmail } from './email'
import { isNotificationKind, type NotificationKind } from './kinds'
import { appOrigin } from './origin.server'
import { signUnsubscribeToken } from './unsubscribe.server'
import { withoutValues } from '~/utils/without-values'

/**
 * The background worker: delivers the e-mail outbox and builds daily/weekly digests.
 * Several workers (one per app process, plus any `npm run worker`) may run against one
 * database: every unit of work is claimed in PostgreSQL with FOR UPDATE SKIP LOCKED in a
 * short transaction, so no two workers take the same row. See docs/decisions/031-job-queue.md.
 *
 * This module must not import ~/utils/i18n.server or anything that does (its Vite glob does not
 * exist under tsx, which runs the stand-alone worker).
 */

export interface OutgoingMail {
  from: string
  to: string
  subject: string
  text: string
  html: string | null
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>
  close?(): void
}

/** Nodemailer over SMTP (`SMTP_URL`, e.g. smtps://user:pass@mail.example:465). */
export async function smtpTransport(url: string): Promise<MailTransport> {
  const { default: nodemailer } = await import('nodemailer')
  const transporter = nodemailer.createTransport(url, {})
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
      })
    },
    close: () => transporter.close(),
  }
}

export const DELIVERY = {
  /** rows claimed per round */
  batch: 20,
  /** a claimed row is not due again for this long: longer than any send can take */
  leaseMs: 10 * 60_000,
  /** attempts before a row is marked failed */
  maxAttempts: 6,
  /** first retry after this, doubling each time (1, 2, 4, 8, 16 minutes), capped */
  backoffBaseMs: 60_000,
  backoffMaxMs: 6 * 3600_000,
} as const

/** Wait before attempt `attempts + 1`, after `attempts` failed ones (pure, exported for tests). */
export function backoffMs(attempts: number, base: number = DELIVERY.backoffBaseMs, max: number = DELIVERY.backoffMaxMs) {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1))
}

/**
 * Claims up to `batch` due rows in one short transaction: their attempt count goes up and
 * their next attempt moves a lease ahead, so no other worker sees them as due while this one
 * sends. A worker that dies mid-send leaves the row to be retried once the lease runs out.
 */
export async function claimDueEmails(
  db: DbOrTx,
  { batch = DELIVERY.batch, leaseMs = DELIVERY.leaseMs }: { batch?: number; leaseMs?: number } = {},
) {
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, sql`now()`)))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(batch)
    .for('update', { skipLocked: true })
  return db
    .update(emailOutbox)
    .set({
      attempts: sql`${emailOutbox.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .where(inArray(emailOutbox.id, due))
    .returning()
}

export interface DeliveryResult {
  sent: number
  retried: number
  failed: number
}

/**
 * One round: claim due e-mails, send each, record the outcome. Before each send the row's lease is
 * renewed, and only if it is still ours (pending, with the attempt count we claimed it at): when
 * slow sends let the lease of the batch's later rows run out, another worker has claimed them
 * (raising the count) and sends them, so this one passes them over instead of sending them twice.
 */
export async function deliverDueEmails(
  db: DbOrTx,
  transport: MailTransport,
  {
    from,
    batch,
    maxAttempts = DELIVERY.maxAttempts,
    leaseMs = DELIVERY.leaseMs,
    signal,
  }: { from: string; batch?: number; maxAttempts?: number; leaseMs?: number; signal?: AbortSignal },
): Promise<DeliveryResult> {
  const claimed = await claimDueEmails(db, { batch, leaseMs })
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 }
  for (const [index, mail] of claimed.entries()) {
    if (signal?.aborted) {
      // Stopping (SIGTERM): the rest of the batch is handed back, due now and with the attempt not
      // counted, so another worker (or this one after its restart) sends it without waiting out the lease.
      for (const rest of claimed.slice(index)) {
        await db
          .update(emailOutbox)
          .set({ attempts: sql`${emailOutbox.attempts} - 1`, nextAttemptAt: sql`now()` })
          .where(and(eq(emailOutbox.id, rest.id), eq(emailOutbox.status, 'pending'), eq(emailOutbox.attempts, rest.attempts)))
      }
      break
    }
    const [held] = await db
      .update(emailOutbox)
      .set({ nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
      .where(and(eq(emailOutbox.id, mail.id), eq(emailOutbox.status, 'pending'), eq(emailOutbox.attempts, mail.attempts)))
      .returning({ id: emailOutbox.id })
    if (!held) continue
    try {
      await transport.send({ from, to: mail.toAddress, subject: mail.subject, text: mail.text, html: mail.html })
      await db
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: sql`now()`, lastError: null })
        .where(eq(emailOutbox.id, mail.id))
      result.sent++
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
      const giveUp = mail.attempts >= maxAttempts
      await db
        .update(emailOutbox)
        .set(
          giveUp
            ? { status: 'failed', lastError: message }
            : { lastError: message, nextAttemptAt: sql`now() + make_interval(secs => ${backoffMs(mail.attempts) / 1000})` },
        )
        .where(eq(emailOutbox.id, mail.id))
      if (giveUp) result.failed++
      else result.retried++
    }
  }
  return result
}

/**
 * Builds the daily and weekly digests that are due. Each person's digest is built in its own
 * short transaction that holds their `notification_digests` row (SKIP LOCKED: a second worker
 * passes over it) and takes their waiting notifications, so each goes into exactly one digest.
 */
export async function buildDueDigests(db: DbOrTx, now = new Date(), { limit = 200 } = {}): Promise<number> {
  const waiting = await db
    .select({
      userId: notifications.userId,
      period: notifications.delivery,
      oldest: sql<Date>`min(${notifications.createdAt})`.mapWith((v) => new Date(v as string)),
      lastSentAt: notificationDigests.lastSentAt,
    })
    .from(notifications)
    .leftJoin(
      notificationDigests,
      and(
        eq(notificationDigests.userId, notifications.userId),
        sql`${notificationDigests.period}::text = ${notifications.delivery}::text`,
      ),
    )
    .where(and(isNull(notifications.emailedAt), inArray(notifications.delivery, ['daily', 'weekly'])))
    .groupBy(notifications.userId, notifications.delivery, notificationDigests.lastSentAt)
    .limit(limit)
  let built = 0
  for (const row of waiting) {
    const period = row.period as DigestPeriod
    if (!isDigestDue(period, now, row.oldest, row.lastSentAt)) continue
    if (await buildDigest(db, row.userId, period, now)) built++
  }
  return built
}

async function buildDigest(db: DbOrTx, userId: string, period: DigestPeriod, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx
      .insert(notificationDigests)
      .values({ userId, period, lastSentAt: new Date(0) })
      .onConflictDoNothing()
    const [state] = await tx
      .select()
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, userId), eq(notificationDigests.period, period)))
      .for('update', { skipLocked: true })
    if (!state) return false // another worker is building it right now
    const last = state.lastSentAt.getTime() === 0 ? null : state.lastSentAt
    if (last && now.getTime() - last.getTime() < PERIOD_MS[period]) return false // another worker just sent it
    const items = await tx
      .update(notifications)
      .set({ emailedAt: sql`now()` })
      .where(and(eq(notifications.userId, userId), eq(notifications.delivery, period), isNull(notifications.emailedAt)))
      .returning({ id: notifications.id, kind: notifications.kind, payload: notifications.payload, createdAt: notifications.createdAt })
    const [user] = await tx.select().from(users).where(eq(users.id, userId))
    const known = items.filter((i): i is typeof i & { kind: NotificationKind } => isNotificationKind(i.kind))
    if (!user || !known.length) return false
    const groups = groupForDigest(known)
    const origin = appOrigin()
    const unsubscribe: Partial<Record<NotificationKind, string>> = {}
    for (const group of groups) unsubscribe[group.kind] = `${origin}/unsubscribe/${await signUnsubscribeToken(tx, userId, group.kind)}`
    const mail = renderDigestEmail({ locale: user.locale, name: user.name, origin, unsubscribe }, period, groups)
    // The same row enqueueEmail (outbox.server) writes; that module renders through i18n.server,
    // which the stand-alone worker cannot load.
    await tx.insert(emailOutbox).values({ toAddress: user.email, ...mail, kind: `digest.${period}` })
    await tx
      .update(notificationDigests)
      .set({ lastSentAt: now })
      .where(and(eq(notificationDigests.userId, userId), eq(notificationDigests.period, period)))
    return true
  })
}

export interface WorkerOptions {
  /** null: no SMTP configured — e-mails stay pending in the outbox for /dev/mail */
  transport: MailTransport | null
  from: string
  intervalMs?: number
  digestEveryMs?: number
  remindersEveryMs?: number
  log?: (message: string) => void
}

/** Loan reminders once per round of `remindersEveryMs`, by one worker at a time (advisory lock). */
export async function sendRemindersExclusively(db: DbOrTx, now = new Date()): Promise<number | null> {
  const { sendLoanReminders } = await import('~/modules/loans/loans.server')
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(74210002) as locked`)
    if (!lock?.locked) return null
    return sendLoanReminders(tx, { now })
  })
}

/** Runs delivery and digests until stopped; returns `stop()`, which waits for the round in progress. */
export function startWorker(db: DbOrTx, options: WorkerOptions): { stop: () => Promise<void> } {
  const {
    transport,
    from,
    intervalMs = 5_000,
    digestEveryMs = 60_000,
    remindersEveryMs = 60 * 60_000,
    log = console.log,
  } = options
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let lastDigest = 0
  let lastReminders = 0
  let round: Promise<void> = Promise.resolve()
  // stop() ends the round after the e-mail being sent, not after the whole batch
  const stopping = new AbortController()
  if (!transport) log('Viertel worker: no SMTP_URL, e-mails stay in the outbox (see /dev/mail)')
  const tick = async () => {
    try {
      if (transport) {
        // Keep going while full batches come back, so a backlog drains quickly.
        for (;;) {
          const r = await deliverDueEmails(db, transport, { from, signal: stopping.signal })
          if (r.failed) log(`Viertel worker: ${r.failed} e-mail(s) failed for good`)
          if (stopped || r.sent + r.retried + r.failed < DELIVERY.batch) break
        }
      }
      if (Date.now() - lastDigest >= digestEveryMs) {
        lastDigest = Date.now()
        const built = await buildDueDigests(db)
        if (built) log(`Viertel worker: ${built} digest(s) queued`)
        // a changed vocabulary reaches the listings' stored concepts (ADR 094)
        const followed = await (await import('~/modules/matching/listing-concepts.server')).followVocabulary(db, { signal: stopping.signal })
        if (followed) log(`Viertel worker: listings brought under the changed vocabulary (${followed.recognised} given concepts, ${followed.refreshed} changed)`)
      }
      if (Date.now() - lastReminders >= remindersEveryMs) {
        lastReminders = Date.now()
        const reminded = await sendRemindersExclusively(db)
        if (reminded) log(`Viertel worker: ${reminded} loan reminder(s) sent`)
        await (await import('~/modules/privacy/retention.server')).sweepRetention(db) // retention periods (ADR 068), hourly
      }
    } catch (error) {
      // a failed statement's message carries its values (addresses, texts): not for the log
      const safe = withoutValues(error)
      const cause = safe instanceof Error && safe.cause instanceof Error ? ` (${safe.cause.message})` : ''
      log(`Viertel worker: round failed: ${safe instanceof Error ? safe.message : String(safe)}${cause}`)
    }
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      round = tick().finally(schedule)
    }, intervalMs)
    timer.unref()
  }
  round = tick().finally(schedule)
  return {
    stop: async () => {
      stopped = true
      stopping.abort()
      clearTimeout(timer)
      await round
      transport?.close?.()
    },
  }
}

/** The worker as configured by the environment (SMTP_URL, MAIL_FROM). */
export async function startConfiguredWorker(db: DbOrTx, log?: (message: string) => void) {
  const { env } = await import('~/utils/env.server')
  const transport = env.SMTP_URL ? await smtpTransport(env.SMTP_URL) : null
  return startWorker(db, { transport, from: env.MAIL_FROM, log })
}
