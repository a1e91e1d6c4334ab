import { describe, expect, it } from 'vitest'
import { oncePerRequest, requestScope } from './request-scope.server'

describe('oncePerRequest', () => {
  it('reads once for all loaders of one request, and afresh for the next request', async () => {
    let reads = 0
    const read = () => Promise.resolve(++reads)
    const first = await requestScope.run(new Map(), () =>
      Promise.all([oncePerRequest('session a', read), oncePerRequest('session a', read), oncePerRequest('centre x', read)]),
    )
    expect(first).toEqual([1, 1, 2])
    const second = await requestScope.run(new Map(), () => oncePerRequest('session a', read))
    expect(second).toBe(3)
  })

  it('reads every time outside a request scope (actions, tests, scripts)', async () => {
    let reads = 0
    const read = () => Promise.resolve(++reads)
    expect([await oncePerRequest('k', read), await oncePerRequest('k', read)]).toEqual([1, 2])
  })
})
