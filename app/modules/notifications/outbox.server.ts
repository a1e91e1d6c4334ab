import { desc, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { emailOutbox, users } from '#db/schema'
import { isLocale, type Locale, type TParams } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'
import { appOrigin } from './origin.server'

export interface OutgoingEmail {
  to: string
  subject: string
  text: string
  html?: string | null
  /** what the e-mail is about, e.g. `application.received`; lets a worker or a test pick it out */
  kind: string
  centreId?: string | null
}

/**
 * Puts an e-mail into the outbox. Nothing is sent inline: a worker (SMTP) or the development
 * mailbox (/dev/mail) takes it from the table. Call it inside the transaction of the act, so an
 * e-mail exists exactly when the act happened.
 */
export async function enqueueEmail(db: DbOrTx, email: OutgoingEmail) {
  const [row] = await db
    .insert(emailOutbox)
    .values({
      toAddress: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html ?? null,
      kind: email.kind,
      centreId: email.centreId ?? null,
    })
    .returning({ id: emailOutbox.id })
  return row!
}

/** The e-mails of the `mail` namespace: each has `subject` and `text` (with `{{params}}`). */
export type MailTemplate =
  | 'applicationReceived'
  | 'invitation'
  | 'managerAppointed'

export interface Recipient {
  email: string
  locale: string | null | undefined
}

/**
 * Renders a template of the `mail` namespace in the recipient's language and enqueues it.
 * Every e-mail ends with the same footer, so people know why they got it.
 */
export async function enqueueTemplatedEmail(
  db: DbOrTx,
  recipient: Recipient,
  mail: { template: MailTemplate; params: TParams; kind: string; centreId?: string | null },
) {
  const locale: Locale = isLocale(recipient.locale) ? recipient.locale : 'de'
  const t = getT(locale)
  const subject = t(`mail.${mail.template}.subject`, mail.params)
  const body = t(`mail.${mail.template}.text`, mail.params)
  const text = `${t('mail.greeting', mail.params)}\n\n${body}\n\n${t('mail.footer')}`
  return enqueueEmail(db, { to: recipient.email, subject, text, kind: mail.kind, centreId: mail.centreId ?? null })
}

/** The locale each of these users chose (for e-mails to people who have an account). */
export async function localesOf(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
  if (!emails.length) return new Map()
  const rows = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(inArray(users.email, emails))
  return new Map(rows.map((r) => [r.email, r.locale]))
}

/** The outbox, newest first, for the development mailbox. */
export async function listOutbox(db: DbOrTx, limit = 100) {
  return db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      kind: emailOutbox.kind,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit)
}

/**
 * The address links in e-mails start with: always the configured one (appOrigin), never the
 * request's, whose Host header anyone can forge.
 */
export function publicOrigin(): string {
  return appOrigin()
}
