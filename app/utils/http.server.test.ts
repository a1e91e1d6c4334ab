import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './http.server'

const ORIGIN = 'https://viertel.example'
const FALLBACK = '/fallback'

/** How a browser reads a Location header on a page of ORIGIN (the WHATWG URL parser, as Chromium's). */
const landsOn = (location: string) => new URL(location, ORIGIN)

// Pieces that have opened redirects elsewhere: slashes both ways, tabs and newlines that the URL
// parser drops, their encodings, schemes, credentials, dot segments.
const piece = fc.constantFrom(
  '/', '//', '\\', '/\\', '\t', '\n', '\r', '\r\n', ' ', '\u0000', '\u007f', '\u2028', '%09', '%0d%0a', '%2F', '%2f',
  '%5C', '%2e', '.', '..', './', ':', '@', '?', '#', 'evil.example', 'javascript:alert(1)', 'http:', 'https://',
  'data:text/html,x', 'ü', 'c', 'listings', '&redirectTo=//x', '%00',
)
const crafted = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''))
const anything = fc.oneof(crafted, fc.string({ unit: 'binary', maxLength: 40 }), crafted.map((s) => `/${s}`))

describe('safeRedirectPath', () => {
  it('keeps ordinary paths of the site, with their query and fragment', () => {
    expect(safeRedirectPath('/c/lagerhaus/listings?q=Bohrer&page=2')).toBe('/c/lagerhaus/listings?q=Bohrer&page=2')
    expect(safeRedirectPath('/c/lagerhaus/listings/1#bookings')).toBe('/c/lagerhaus/listings/1#bookings')
    expect(safeRedirectPath('/')).toBe('/')
  })

  it('refuses the known escapes: the fallback instead', () => {
    for (const bad of [
      '/%09/evil.example/phish', // the encoded form is a path of ours: kept, but as an encoded path (below)
    ]) {
      expect(landsOn(safeRedirectPath(bad, FALLBACK)).origin).toBe(ORIGIN)
    }
    for (const bad of [
      '/\t/evil.example/phish',
      '/\n/evil.example',
      '\t//evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/x\r\nSet-Cookie: a=b',
      '/\u0000',
      '',
      'relative/path',
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(safeRedirectPath(bad, FALLBACK), JSON.stringify(bad)).toBe(FALLBACK)
    }
    expect(safeRedirectPath(null, FALLBACK)).toBe(FALLBACK)
    expect(safeRedirectPath(undefined)).toBe('/')
  })

  it('whatever it is given, what it gives back stays on the site, as a browser reads it', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const out = safeRedirectPath(input, FALLBACK)
        // a header value: no control characters, only ASCII (the parser percent-encodes the rest)
        expect(out).toMatch(/^\/[\x21-\x7e]*$/)
        expect(out.startsWith('//')).toBe(false)
        expect(landsOn(out).origin).toBe(ORIGIN)
        // and it is already in the parser's own form: judging it again changes nothing
        expect(safeRedirectPath(out, FALLBACK)).toBe(out)
        // the raw input, read by a browser, would have stayed on the site too
        if (out !== FALLBACK) expect(landsOn(input).origin).toBe(ORIGIN)
      }),
      { numRuns: 5000 },
    )
  })
})
