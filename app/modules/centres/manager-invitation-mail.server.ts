import { createElement } from 'react'
import { ManagerInvitationEmail } from '~/emails/manager-invitation-email'
import { renderEmailHtml } from '~/emails/render'
import { isLocale, type Locale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'

export interface ManagerInvitationMail {
  subject: string
  text: string
  html: string
}

/**
 * The e-mail that invites someone without an account to manage a centre, in the centre's first
 * language (the person has no language of their own yet): subject, text and HTML.
 */
export function renderManagerInvitationMail(input: {
  locale: string | null | undefined
  inviter: string
  centre: { name: string; city: string }
  link: string
  days: number
}): ManagerInvitationMail {
  const locale: Locale = isLocale(input.locale) ? input.locale : 'de'
  const t = getT(locale)
  const params = { inviter: input.inviter, centre: input.centre.name, city: input.centre.city, days: input.days }
  const greeting = t('mail.greeting')
  const intro = t('managerInvitations.mail.intro', params)
  const role = t('managerInvitations.mail.role', params)
  const validity = t('managerInvitations.mail.validity', params)
  const why = t('managerInvitations.mail.why', params)
  const label = t('managerInvitations.mail.open', params)
  const text = [greeting, '', intro, '', role, '', `${label}:`, input.link, '', validity, '', why, '', t('mail.footer')].join('\n')
  const html = renderEmailHtml(
    createElement(ManagerInvitationEmail, {
      lang: locale,
      greeting,
      intro,
      role,
      link: { label, url: input.link },
      validity,
      why,
    }),
  )
  return { subject: t('managerInvitations.mail.subject', params), text, html }
}
