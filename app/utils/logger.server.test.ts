import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, loggablePath, prettyDestination, requestIdFor } from '../../scripts/logger.mjs'

describe('what a request log line may hold (scripts/logger.mjs)', () => {
  it('the path without query or fragment, link secrets cut, control characters escaped, at most 200 characters', () => {
    expect(loggablePath('/c/lagerhaus/listings?q=secret')).toBe('/c/lagerhaus/listings')
    expect(loggablePath('/invite/abcdef0123456789?x=1')).toBe('/invite/…')
    expect(loggablePath('/unsubscribe/tok/extra')).toBe('/unsubscribe/…/extra')
    expect(loggablePath('/ical/feedkey123.ics')).toBe('/ical/…')
    for (const prefix of ['confirm-email', 'reset-password', 'verify-email']) expect(loggablePath(`/${prefix}/t0ken`)).toBe(`/${prefix}/…`)
    expect(loggablePath('/c/lagerhaus/invite/x')).toBe('/c/lagerhaus/invite/x')
    expect(loggablePath('/a\u0000b\nc')).toBe('/a\\x00b\\x0ac')
    expect(loggablePath(`/${'x'.repeat(500)}`)).toHaveLength(201)
  })

  it('an incoming request id is kept only when short and plain', () => {
    expect(requestIdFor('proxy-1234-abcd')).toBe('proxy-1234-abcd')
    for (const bad of [undefined, '', 'short', 'has space 12345', 'a'.repeat(65), 'x"}\n{"level":60', 'ünïcode-12345'])
      expect(requestIdFor(bad)).toMatch(/^[A-Za-z0-9]{12}$/)
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined))
  })

  it('json lines carry time, level and the fields; pretty prints one short line with the stack of an error', () => {
    let json = ''
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => ((json += chunk), done()) }) })
    logger.info({ reqId: 'r1', method: 'GET', path: '/', status: 200, ms: 1.5 })
    const line = JSON.parse(json)
    expect(line).toMatchObject({ level: 30, reqId: 'r1', method: 'GET', path: '/', status: 200, ms: 1.5 })
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(line.pid).toBeUndefined()

    let pretty = ''
    const out = { write: (text: string) => (pretty += text) }
    const destination = prettyDestination(out)
    destination.write(`${json}`)
    destination.write(JSON.stringify({ level: 50, time: line.time, msg: 'request failed', reqId: 'r2', err: { stack: 'Error: boom\n    at x' } }))
    expect(pretty).toMatch(/INFO GET \/ → 200 1\.5 ms id=r1/)
    expect(pretty).toMatch(/ERROR request failed id=r2\nError: boom\n {4}at x\n/)
  })
})
