import { describe, expect, it } from 'vitest'
import { loggablePath } from '../../scripts/logger.mjs'

/**
 * The request log must not hold the secret of a link (an invitation, a password reset, an iCal
 * feed key): whoever reads the log could use it. The router takes the page's name in any case,
 * behind doubled slashes and percent-encoded, so the log cuts the secret in all those spellings.
 */
describe('the path a request log line shows', () => {
  it.each([
    ['/invite/abc123', '/invite/…'],
    ['/reset-password/abc123?next=/x', '/reset-password/…'],
    ['/INVITE/abc123', '/INVITE/…'],
    ['/Reset-Password/abc123', '/Reset-Password/…'],
    ['//invite/abc123', '//invite/…'],
    ['/%69nvite/abc123', '/%69nvite/…'],
    ['/ical//feedkey.ics', '/ical/…'],
    ['/unsubscribe/abc/def', '/unsubscribe/…'],
  ])('%s is logged as %s', (path, logged) => {
    expect(loggablePath(path)).toBe(logged)
  })

  it('keeps paths without a secret, and the bare pages that ask for one', () => {
    expect(loggablePath('/c/lagerhaus/listings/42')).toBe('/c/lagerhaus/listings/42')
    expect(loggablePath('/confirm-email')).toBe('/confirm-email')
    expect(loggablePath('/verify-email/')).toBe('/verify-email/')
    expect(loggablePath('/inviter/abc')).toBe('/inviter/abc')
    expect(loggablePath('/%E0%A4%A/abc')).toBe('/%E0%A4%A/abc')
  })

  it('shows control characters escaped and stops at 200 characters', () => {
    expect(loggablePath('/a\nb')).toBe('/a\\x0ab')
    expect(loggablePath(`/${'x'.repeat(300)}`)).toHaveLength(201)
  })
})
