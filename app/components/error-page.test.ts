import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import type { Locale } from '~/utils/i18n'
import { RequestLocaleContext } from '~/utils/request-locale'
import { ErrorPage, UnavailablePage, unavailablePageData } from './error-page'

/** Renders an error page as the root route's boundary would when the root loader has no data. */
async function renderWithoutRootData(element: React.ReactElement, locale: Locale) {
  const routes = [{ id: 'root', path: '/', element }]
  const context = await createStaticHandler(routes).query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  const router = createStaticRouter(routes, context)
  return renderToString(
    createElement(RequestLocaleContext.Provider, { value: locale }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
  )
}

describe('error pages without the root loader data', () => {
  it.each([
    ['fr', 500, 'Quelque chose s'],
    ['nl', 404, 'Niet gevonden'],
    ['en', 503, 'Briefly unavailable'],
    ['de', 403, 'Kein Zugriff'],
  ] as const)('speak the request language (%s, %i), never raw keys', async (locale, status, title) => {
    const html = await renderWithoutRootData(createElement(ErrorPage, { status }), locale)
    expect(html).toContain(title)
    expect(html).not.toMatch(/errors\.\w+/)
  })

  it('the database page shows the texts it was given, and only takes well-formed 503 data', async () => {
    const page = { kind: 'database-unavailable', locale: 'nl', status: 'Fout 503', title: 'Even niet bereikbaar', text: 't', retry: 'r' }
    expect(unavailablePageData({ status: 503, data: page })).toEqual(page)
    expect(unavailablePageData({ status: 500, data: page })).toBeNull()
    expect(unavailablePageData({ status: 503, data: { ...page, locale: 'xx' } })).toBeNull()
    expect(unavailablePageData({ status: 503, data: 'Service Unavailable' })).toBeNull()
    expect(unavailablePageData(new Error('x'))).toBeNull()
    const html = await renderWithoutRootData(createElement(UnavailablePage, { page: unavailablePageData({ status: 503, data: page })! }), 'de')
    expect(html).toContain('Even niet bereikbaar')
  })
})
