import { describe, expect, it } from 'vitest'
import { LOCALES } from '~/utils/i18n'
import { mailT, renderDigestEmail, renderNotificationEmail } from './email'
import { NOTIFICATION_KINDS } from './kinds'
import { kindTextKeys, notificationBody, notificationNote, notificationTitle } from './text'

const ctx = { locale: 'en', name: 'Ada', origin: 'https://viertel.example', unsubscribe: {} }

describe('texts of every kind', () => {
  it('exist in every language: label, title, each variant’s title, and body and note where the kind has them', () => {
    const missing: string[] = []
    for (const locale of LOCALES) {
      const t = mailT(locale)
      for (const kind of NOTIFICATION_KINDS) {
        for (const key of kindTextKeys(kind)) if (t(key) === key) missing.push(`${locale}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('picks the variant’s title and body, and falls back to the plain ones for an unknown variant', () => {
    const t = mailT('en')
    const payload = { initiative: 'Chor', centre: 'Haus am Hafen', url: '/c/hafen' }
    expect(notificationTitle(t, { kind: 'application.decided', payload: { ...payload, variant: 'admitted' } })).toBe(
      '“Chor” is admitted to Haus am Hafen',
    )
    expect(notificationBody(t, { kind: 'application.decided', payload: { ...payload, variant: 'rejected' } })).toBe(
      'The team of Haus am Hafen has, unfortunately, rejected the application of “Chor”.',
    )
    expect(notificationTitle(t, { kind: 'application.decided', payload: { ...payload, variant: 'maybe' } })).toBe(
      'The application of Chor has been decided',
    )
    // kinds without a body or a note have none, whatever the payload carries
    expect(notificationBody(t, { kind: 'exchange.proposed', payload: { title: 'x', note: 'y' } })).toBeNull()
    expect(notificationNote(t, { kind: 'exchange.proposed', payload: { title: 'x', note: 'y' } })).toBeNull()
    expect(notificationNote(t, { kind: 'loan.decided', payload: { title: 'x', variant: 'declined', note: '  ' } })).toBeNull()
  })

  it('renders a decision as an e-mail with its paragraph and the team’s message, escaped in HTML', () => {
    const mail = renderNotificationEmail(ctx, {
      kind: 'application.decided',
      payload: { variant: 'admitted', initiative: 'Chor & Co', centre: 'Hafen', note: 'Willkommen <3', url: '/c/hafen' },
    })
    expect(mail.subject).toBe('“Chor & Co” is admitted to Hafen')
    expect(mail.text).toContain('You can now post offers and needs.')
    expect(mail.text).toContain('Message from the team:\nWillkommen <3')
    expect(mail.text).toContain('https://viertel.example/c/hafen')
    expect(mail.html).toContain('Willkommen &lt;3')
    expect(mail.html).toContain('Chor &amp; Co')
    expect(mail.text + mail.html).not.toContain('{{')
  })

  it('a digest carries the note of a decision under its title', () => {
    const mail = renderDigestEmail({ ...ctx, locale: 'de' }, 'daily', [
      {
        kind: 'loan.decided',
        items: [
          {
            id: '1',
            kind: 'loan.decided',
            createdAt: new Date('2026-11-25T10:00:00Z'),
            payload: { variant: 'declined', initiative: 'Radwerk', title: 'Lastenrad', note: 'Kein Geld mehr', url: '/c/x/loans/1' },
          },
        ],
      },
    ])
    expect(mail.text).toContain('* Radwerk hat die Kreditanfrage „Lastenrad“ abgelehnt\n  Angegebener Grund: Kein Geld mehr\n  https://viertel.example/c/x/loans/1')
    expect(mail.html).toContain('Angegebener Grund: Kein Geld mehr')
  })
})
