import de from '~/locales/de/notifications.json'
import en from '~/locales/en/notifications.json'
import fr from '~/locales/fr/notifications.json'
import nl from '~/locales/nl/notifications.json'
import { createT, isLocale, type Locale, type TFunction } from '~/utils/i18n'
import type { DigestGroup } from './digest'
import type { NotificationKind } from './kinds'
import { type NotificationItem, notificationBody, notificationNote, notificationTitle } from './text'

/**
 * E-mails are rendered from the `notifications` namespace imported directly (not through
 * i18n.server's Vite glob), so that the stand-alone worker (`npm run worker`, run by tsx)
 * renders digests with exactly the texts the app uses.
 */
const catalogue: Record<Locale, Record<string, unknown>> = {
  de: { notifications: de },
  en: { notifications: en },
  fr: { notifications: fr },
  nl: { notifications: nl },
}

export function mailT(locale: string | null | undefined): TFunction {
  const lng: Locale = isLocale(locale) ? locale : 'de'
  return createT(lng, catalogue[lng])
}

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

export type MailItem = NotificationItem

export interface MailContext {
  locale: string | null | undefined
  name: string
  /** absolute origin, e.g. https://viertel.example */
  origin: string
  /** absolute unsubscribe link per kind in this e-mail */
  unsubscribe: Partial<Record<NotificationKind, string>>
}

function absolute(origin: string, path: unknown): string | null {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? `${origin}${path}` : null
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function footer(t: TFunction, ctx: MailContext, kinds: NotificationKind[], digest: boolean) {
  const settings = `${ctx.origin}/notifications/settings`
  const links = kinds
    .filter((k) => ctx.unsubscribe[k])
    .map((k) => ({
      label: digest
        ? t('notifications.email.digest.unsubscribe', { kind: t(`notifications.kinds.${k}.label`) })
        : t('notifications.email.unsubscribe'),
      url: ctx.unsubscribe[k]!,
    }))
  const text = [
    '--',
    t('notifications.email.why'),
    ...links.map((l) => `${l.label}: ${l.url}`),
    `${t('notifications.email.settings')}: ${settings}`,
  ].join('\n')
  const html = `<hr><p style="color:#57534e;font-size:13px">${escapeHtml(t('notifications.email.why'))}<br>${links
    .map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a><br>`)
    .join('')}<a href="${escapeHtml(settings)}">${escapeHtml(t('notifications.email.settings'))}</a></p>`
  return { text, html }
}

function page(body: string, lang: string) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1c1917">${body}</body></html>`
}

/** One notification as an e-mail of its own (mode "immediately"): title, its paragraph and note where the kind has them, a link. */
export function renderNotificationEmail(ctx: MailContext, item: MailItem): RenderedEmail {
  const t = mailT(ctx.locale)
  const title = notificationTitle(t, item)
  const body = notificationBody(t, item)
  const note = notificationNote(t, item)
  const link = absolute(ctx.origin, item.payload.url)
  const greeting = t('notifications.email.greeting', { name: ctx.name })
  const foot = footer(t, ctx, [item.kind], false)
  const text = [
    greeting,
    '',
    title,
    ...(body ? ['', body] : []),
    ...(note ? ['', note.label, note.text] : []),
    ...(link ? ['', `${t('notifications.email.open')}: ${link}`] : []),
    '',
    foot.text,
  ].join('\n')
  const html = page(
    `<p>${escapeHtml(greeting)}</p><p><strong>${escapeHtml(title)}</strong></p>${body ? `<p>${escapeHtml(body)}</p>` : ''}${
      note
        ? `<p>${escapeHtml(note.label)}</p><blockquote style="margin:0 0 1em 1em;white-space:pre-line">${escapeHtml(note.text)}</blockquote>`
        : ''
    }${link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t('notifications.email.open'))}</a></p>` : ''}${foot.html}`,
    isLocale(ctx.locale) ? ctx.locale : 'de',
  )
  return { subject: title, text, html }
}

/** Many notifications in one e-mail (daily or weekly digest), grouped by kind. */
export function renderDigestEmail(ctx: MailContext, period: 'daily' | 'weekly', groups: DigestGroup[]): RenderedEmail {
  const t = mailT(ctx.locale)
  const count = groups.reduce((n, g) => n + g.items.length, 0)
  const greeting = t('notifications.email.greeting', { name: ctx.name })
  const intro = t('notifications.email.digest.intro', { count })
  const foot = footer(
    t,
    ctx,
    groups.map((g) => g.kind),
    true,
  )
  const textGroups = groups.map((g) =>
    [
      t(`notifications.kinds.${g.kind}.label`),
      ...g.items.map((item) => {
        const link = absolute(ctx.origin, item.payload.url)
        const note = notificationNote(t, item)
        return [
          `* ${notificationTitle(t, item)}`,
          ...(note ? [`  ${note.label} ${note.text.replace(/\s*\n\s*/g, ' ')}`] : []),
          ...(link ? [`  ${link}`] : []),
        ].join('\n')
      }),
    ].join('\n'),
  )
  const htmlGroups = groups
    .map(
      (g) =>
        `<h2 style="font-size:16px">${escapeHtml(t(`notifications.kinds.${g.kind}.label`))}</h2><ul>${g.items
          .map((item) => {
            const link = absolute(ctx.origin, item.payload.url)
            const title = escapeHtml(notificationTitle(t, item))
            const note = notificationNote(t, item)
            const said = note ? `<br><span style="white-space:pre-line">${escapeHtml(note.label)} ${escapeHtml(note.text)}</span>` : ''
            return `<li>${link ? `<a href="${escapeHtml(link)}">${title}</a>` : title}${said}</li>`
          })
          .join('')}</ul>`,
    )
    .join('')
  return {
    subject: t(`notifications.email.digest.subject_${period}`),
    text: [greeting, '', intro, '', textGroups.join('\n\n'), '', foot.text].join('\n'),
    html: page(
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>${htmlGroups}${foot.html}`,
      isLocale(ctx.locale) ? ctx.locale : 'de',
    ),
  }
}
