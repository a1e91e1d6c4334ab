import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RouteConfigEntry } from '@remix-run/route-config'
import { describe, expect, it } from 'vitest'
import routes from './routes'

/**
 * The URL map (`app/routes.ts`) is written out by hand so that it can be read; these checks keep
 * it honest: every file under app/routes is mapped exactly once, and every mapping says what the
 * file's flat-route name says (so a file name never lies about its URL).
 */
type Flat = { id: string; path: string; index: boolean; parent: string | null }

function flatten(entries: RouteConfigEntry[], parent: string | null = null, base = ''): Flat[] {
  return entries.flatMap((entry) => {
    const id = entry.id ?? entry.file.replace(/\.[jt]sx?$/, '')
    const path = [base, entry.path ?? ''].filter(Boolean).join('/')
    return [{ id, path, index: Boolean(entry.index), parent }, ...flatten(entry.children ?? [], id, path)]
  })
}

describe('the URL map', () => {
  const mapped = flatten(routes)
  const files = readdirSync(join(import.meta.dirname, 'routes')).filter((name) => /\.[jt]sx?$/.test(name) && !/\.test\./.test(name))

  it('maps every route file exactly once', () => {
    const ids = mapped.map((r) => r.id).sort()
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(files.map((name) => `routes/${name.replace(/\.[jt]sx?$/, '')}`).sort())
  })

  it('gives no two routes the same URL', () => {
    const urls = mapped.filter((r) => r.index || !mapped.some((c) => c.parent === r.id)).map((r) => `${r.path}${r.index ? ' (index)' : ''}`)
    expect(new Set(urls).size).toBe(urls.length)
  })

  it('agrees with the file names read as flat routes', async () => {
    ;(globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = import.meta.dirname
    const { flatRoutes } = await import('@remix-run/fs-routes')
    const fromNames = flatten(await flatRoutes())
    const byId = (list: Flat[]) => [...list].sort((a, b) => a.id.localeCompare(b.id))
    expect(byId(mapped)).toEqual(byId(fromNames))
  })
})
