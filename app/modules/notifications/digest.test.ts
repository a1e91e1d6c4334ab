import { describe, expect, it } from 'vitest'
import { type DigestItem, groupForDigest, isDigestDue } from './digest'
import { renderDigestEmail, renderNotificationEmail } from './email'

const at = (iso: string) => new Date(iso)
const item = (id: string, kind: DigestItem['kind'], createdAt: string, title = id): DigestItem => ({
  id,
  kind,
  payload: { title, yours: 'Unser Gesuch', initiative: 'Radwerk', url: `/c/x/listings/${id}` },
  createdAt: at(createdAt),
})

describe('groupForDigest', () => {
  it('groups by kind in declaration order, oldest first in each group', () => {
    const groups = groupForDigest([
      item('m2', 'match.new', '2026-11-25T10:00:00Z'),
      item('x1', 'exchange.proposed', '2026-11-25T11:00:00Z'),
      item('m1', 'match.new', '2026-11-25T09:00:00Z'),
      item('s1', 'search.new_listing', '2026-11-25T08:00:00Z'),
    ])
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.id)])).toEqual([
      ['match.new', ['m1', 'm2']],
      ['search.new_listing', ['s1']],
      ['exchange.proposed', ['x1']],
    ])
  })

  it('caps each group so one busy kind does not bury the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => item(`m${String(i).padStart(2, '0')}`, 'match.new', `2026-11-25T10:${String(i).padStart(2, '0')}:00Z`))
    const groups = groupForDigest([...many, item('x', 'loan.overdue', '2026-11-25T12:00:00Z')], 5)
    expect(groups[0]!.items.map((i) => i.id)).toEqual(['m00', 'm01', 'm02', 'm03', 'm04'])
    expect(groups[1]!.kind).toBe('loan.overdue')
  })

  it('is empty for nothing', () => {
    expect(groupForDigest([])).toEqual([])
  })
})

describe('isDigestDue', () => {
  const now = at('2026-11-25T12:00:00Z')
  it('waits a whole period after the oldest waiting notification', () => {
    expect(isDigestDue('daily', now, at('2026-11-24T12:00:01Z'), null)).toBe(false)
    expect(isDigestDue('daily', now, at('2026-11-24T12:00:00Z'), null)).toBe(true)
    expect(isDigestDue('weekly', now, at('2026-11-20T12:00:00Z'), null)).toBe(false)
    expect(isDigestDue('weekly', now, at('2026-11-18T12:00:00Z'), null)).toBe(true)
  })
  it('never sends sooner than a period after the last digest', () => {
    expect(isDigestDue('daily', now, at('2026-11-20T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toBe(false)
    expect(isDigestDue('daily', now, at('2026-11-20T00:00:00Z'), at('2026-11-24T11:00:00Z'))).toBe(true)
  })
  it('is never due with nothing waiting', () => {
    expect(isDigestDue('daily', now, null, null)).toBe(false)
  })
})

describe('e-mails', () => {
  const ctx = { locale: 'en', name: 'Ada <script>', origin: 'https://viertel.example', unsubscribe: { 'match.new': 'https://viertel.example/unsubscribe/t.s' } as const }
  it('renders one notification as text and HTML, escaped, with the unsubscribe link', () => {
    const mail = renderNotificationEmail(ctx, { kind: 'match.new', payload: { title: 'Drill & bits', yours: 'Need a drill', url: '/c/x/listings/1' } })
    expect(mail.subject).toBe('“Drill & bits” matches your listing “Need a drill”')
    expect(mail.text).toContain('Hello Ada <script>,')
    expect(mail.text).toContain('https://viertel.example/c/x/listings/1')
    expect(mail.text).toContain('No more e-mails of this kind: https://viertel.example/unsubscribe/t.s')
    expect(mail.html).toContain('Hello Ada &lt;script&gt;,')
    expect(mail.html).toContain('Drill &amp; bits')
    expect(mail.html).toContain('href="https://viertel.example/unsubscribe/t.s"')
    expect(mail.html).not.toContain('<script>')
  })
  it('renders a digest in the reader’s language, grouped, with a link per kind', () => {
    const groups = groupForDigest([item('a', 'match.new', '2026-11-25T10:00:00Z', 'Bohrmaschine'), item('b', 'match.new', '2026-11-25T11:00:00Z', 'Beamer')])
    const mail = renderDigestEmail({ ...ctx, locale: 'de', name: 'Ada' }, 'daily', groups)
    expect(mail.subject).toBe('Deine tägliche Zusammenfassung von Viertel')
    expect(mail.text).toContain('Seit der letzten Zusammenfassung gibt es 2 Neuigkeiten:')
    expect(mail.text).toContain('* „Bohrmaschine“ passt zu eurem Eintrag „Unser Gesuch“')
    expect(mail.text).toContain('Keine Zusammenfassungen mehr für „Neue passende Einträge“: https://viertel.example/unsubscribe/t.s')
    expect(mail.html).toContain('<h2')
  })
  it('never shows a raw placeholder when the payload misses a value', () => {
    const mail = renderNotificationEmail({ ...ctx, locale: 'fr' }, { kind: 'exchange.accepted', payload: {} })
    expect(mail.subject).not.toContain('{{')
  })
})
