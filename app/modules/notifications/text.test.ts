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

describe('texts of ended exchanges and repayments', () => {
  const exchange = { title: 'Lastenrad', initiative: 'Radwerk', url: '/c/x/exchanges/1' }
  const loan = { title: 'Werkbank', initiative: 'Druckerei', url: '/c/x/loans/1' }

  it('say what ended the exchange, and who, in each language', () => {
    const en = mailT('en')
    expect(notificationTitle(en, { kind: 'exchange.ended', payload: { ...exchange, variant: 'declined' } })).toBe('Radwerk declined the exchange “Lastenrad”')
    expect(notificationTitle(en, { kind: 'exchange.ended', payload: { ...exchange, variant: 'withdrawn' } })).toBe('Radwerk withdrew the proposal “Lastenrad”')
    // a manager ends a dispute: the text names the team, the initiative is the recipient's counterpart
    expect(notificationTitle(mailT('de'), { kind: 'exchange.ended', payload: { ...exchange, variant: 'dispute_cancelled' } })).toBe(
      'Das Team des Zentrums hat den strittigen Tausch „Lastenrad“ mit Radwerk aufgehoben',
    )
    expect(notificationTitle(mailT('nl'), { kind: 'exchange.ended', payload: { ...exchange, variant: 'cancelled' } })).toBe(
      'Radwerk heeft de ruil “Lastenrad” geannuleerd',
    )
    expect(notificationTitle(en, { kind: 'exchange.ended', payload: { ...exchange, variant: 'paused' } })).toBe('The exchange “Lastenrad” with Radwerk has ended')
    expect(notificationNote(mailT('fr'), { kind: 'exchange.ended', payload: { ...exchange, variant: 'cancelled', note: ' Fermé ' } })).toEqual({
      label: 'Motif indiqué :',
      text: 'Fermé',
    })
    // a withdrawal without words has no note
    expect(notificationNote(en, { kind: 'exchange.ended', payload: { ...exchange, variant: 'withdrawn', note: null } })).toBeNull()
  })

  it('ask the lender to confirm a logged repayment, and tell the borrower the answer', () => {
    const en = mailT('en')
    expect(notificationTitle(en, { kind: 'loan.repayment', payload: { ...loan, variant: 'logged' } })).toBe(
      'Druckerei logged a repayment of the loan “Werkbank” – please confirm',
    )
    expect(notificationTitle(en, { kind: 'loan.repayment', payload: { ...loan, variant: 'repaid' } })).toBe(
      'Druckerei confirmed your last repayment: the loan “Werkbank” is repaid',
    )
    expect(notificationTitle(mailT('de'), { kind: 'loan.repayment', payload: { ...loan, variant: 'rejected' } })).toBe(
      'Druckerei hat eure Rückzahlung des Kredits „Werkbank“ nicht bestätigt',
    )
    expect(notificationTitle(mailT('fr'), { kind: 'loan.decided', payload: { ...loan, variant: 'written_off' } })).toBe(
      'Le prêt « Werkbank » avec Druckerei a été passé en perte',
    )
  })

  it('renders a logged repayment as an e-mail with the borrower’s note and the loan’s link', () => {
    const mail = renderNotificationEmail(ctx, { kind: 'loan.repayment', payload: { ...loan, variant: 'logged', note: 'Bar im Büro' } })
    expect(mail.subject).toBe('Druckerei logged a repayment of the loan “Werkbank” – please confirm')
    expect(mail.text).toContain('Note:\nBar im Büro')
    expect(mail.text).toContain('https://viertel.example/c/x/loans/1')
    expect(mail.text + mail.html).not.toContain('{{')
  })
})

describe('texts of disputes', () => {
  it('show a dispute’s reason under its title, in the app and in the e-mail', () => {
    const disputed = { kind: 'exchange.disputed' as const, payload: { title: 'Lastenrad', initiative: 'Radwerk', url: '/c/x/exchanges/1', note: 'Nur zwei Stunden' } }
    expect(notificationNote(mailT('nl'), disputed)).toEqual({ label: 'Opgegeven reden:', text: 'Nur zwei Stunden' })
    const mail = renderNotificationEmail(ctx, disputed)
    expect(mail.subject).toBe('Radwerk disputed the exchange “Lastenrad”')
    expect(mail.text).toContain('Reason given:\nNur zwei Stunden')
  })

  it('tell the other managers how a dispute was settled, with the reason (ADR 047)', () => {
    const settled = { title: 'Lastenrad', initiative: 'Radwerk / Druckerei', url: '/c/x/exchanges/1', note: 'Zwei Stunden' }
    expect(notificationTitle(mailT('de'), { kind: 'exchange.disputed', payload: { ...settled, variant: 'settled_confirmed' } })).toBe(
      'Streitfall geklärt: Das Team des Zentrums hat den Tausch „Lastenrad“ (Radwerk / Druckerei) bestätigt',
    )
    const mail = renderNotificationEmail(ctx, { kind: 'exchange.disputed', payload: { ...settled, variant: 'settled_cancelled' } })
    expect(mail.subject).toBe('Dispute settled: the centre’s team cancelled the exchange “Lastenrad” (Radwerk / Druckerei)')
    expect(mail.text).toContain('Reason given:\nZwei Stunden')
  })
})

describe('texts of guarantees', () => {
  const loan = { title: 'Werkbank', initiative: 'Druckerei', url: '/c/x/loans/1' }

  it('ask the guarantor for an answer and tell the loan’s sides of a pledge, in each language', () => {
    expect(notificationTitle(mailT('en'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'asked' } })).toBe(
      'Druckerei asks you to stand guarantor for the loan “Werkbank” – please answer',
    )
    expect(notificationTitle(mailT('de'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'pledged' } })).toBe(
      'Druckerei hat eine Bürgschaft für den Kredit „Werkbank“ zugesagt',
    )
    expect(notificationTitle(mailT('fr'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'asked' } })).toBe(
      'Druckerei vous demande une garantie pour le prêt « Werkbank » – merci de répondre',
    )
    expect(notificationTitle(mailT('nl'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'pledged' } })).toBe('Druckerei staat borg voor de lening “Werkbank”')
    expect(notificationTitle(mailT('en'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'called' } })).toBe('News on a guarantee for the loan “Werkbank”')
    expect(notificationNote(mailT('de'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'pledged', note: 'Für ein Drittel' } })).toEqual({
      label: 'Anmerkung:',
      text: 'Für ein Drittel',
    })
    expect(notificationNote(mailT('en'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'pledged', note: null } })).toBeNull()
  })

  it('tell the guarantor that the loan ended: released when repaid, written off with the reason (ADR 047)', () => {
    expect(notificationTitle(mailT('en'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'released' } })).toBe(
      'Druckerei has repaid the loan “Werkbank”: your guarantee is released',
    )
    expect(notificationTitle(mailT('nl'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'written_off' } })).toBe(
      'De lening “Werkbank” aan Druckerei, waarvoor jullie borg staan, is afgeschreven – jullie borgstelling kan worden aangesproken',
    )
    expect(notificationNote(mailT('fr'), { kind: 'loan.guarantee', payload: { ...loan, variant: 'written_off', note: 'Dissoute' } })).toEqual({
      label: 'Remarque :',
      text: 'Dissoute',
    })
  })
})

describe('texts of approvals and loan offers (ADR 058)', () => {
  it('tell the managers why an exchange waits for their approval, in each language', () => {
    const payload = { title: 'Dachrinne', initiative: 'Radwerk / Chor', url: '/c/hafen/exchanges/1' }
    const cap = { kind: 'exchange.awaiting_approval' as const, payload: { ...payload, variant: 'cap' } }
    const oneSide = { kind: 'exchange.awaiting_approval' as const, payload: { ...payload, variant: 'one_side' } }
    expect(notificationTitle(mailT('en'), cap)).toBe('Above the centre’s cap: the exchange “Dachrinne” (Radwerk / Chor) waits for your approval')
    expect(notificationTitle(mailT('de'), oneSide)).toBe(
      'Niemand sonst darf für die empfangende Seite bestätigen: Der Tausch „Dachrinne“ (Radwerk / Chor) wartet auf eure Freigabe',
    )
    for (const locale of LOCALES) {
      const t = mailT(locale)
      expect(notificationTitle(t, cap), locale).not.toBe(notificationTitle(t, oneSide))
      expect(notificationTitle(t, cap), locale).toContain('Dachrinne')
    }
    const mail = renderNotificationEmail(ctx, cap)
    expect(mail.text).toContain('https://viertel.example/c/hafen/exchanges/1')
  })

  it('tell the lender that its offer was accepted or declined, and the borrower that it was withdrawn', () => {
    const t = mailT('en')
    const payload = { title: 'Werkbank', initiative: 'Druckerei', url: '/c/hafen/loans/1' }
    expect(notificationTitle(t, { kind: 'loan.decided', payload: { ...payload, variant: 'accepted' } })).toBe('Druckerei accepted your loan offer “Werkbank” – you can pay out')
    expect(notificationTitle(t, { kind: 'loan.decided', payload: { ...payload, variant: 'offer_declined' } })).toBe('Druckerei declined your loan offer “Werkbank”')
    expect(notificationTitle(t, { kind: 'loan.decided', payload: { ...payload, initiative: 'Radwerk', variant: 'offer_withdrawn' } })).toBe(
      'Radwerk withdrew the loan offer “Werkbank”',
    )
  })
})
