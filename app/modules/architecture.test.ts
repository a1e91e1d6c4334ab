import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The modules are the domain: they take plain values (a user, a centre id, a parsed form) and
 * return results. Reading a Request, answering with a Response or throwing a redirect belongs to
 * the routes and to `app/utils` (issue #18, docs/conventions.md).
 */
const root = join(import.meta.dirname)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/** The code without its comments, so that a comment may still say "no Request here". */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

const HTTP_NAMES = /\b(Request|Response|Headers|redirect|redirectDocument)\b/
const HTTP_IMPORTS = /from '(@remix-run\/node|@remix-run\/server-runtime|~\/utils\/(auth|http|toast|session-cookie|photo-form)\.server)'/

export function httpFindings(source: string): string[] {
  const code = withoutComments(source)
  return code
    .split('\n')
    .filter((line) => HTTP_NAMES.test(line) || HTTP_IMPORTS.test(line))
    .map((line) => line.trim())
}

describe('app/modules holds no HTTP', () => {
  it('finds what it looks for (the check can fail)', () => {
    expect(httpFindings('export async function f(request: Request) {}')).toHaveLength(1)
    expect(httpFindings("throw new Response('no', { status: 400 })")).toHaveLength(1)
    expect(httpFindings("import { redirect } from '@remix-run/node'")).toHaveLength(1)
    expect(httpFindings("import { requireUser } from '~/utils/auth.server'")).toHaveLength(1)
    expect(httpFindings('// the route reads the Request, not us\nconst x = 1')).toHaveLength(0)
    expect(httpFindings('export interface SignupRequest { email: string }')).toHaveLength(0)
  })

  const files = sourceFiles(root)
  it('looks at every module file', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it.each(files.map((file) => [relative(root, file), file]))('%s neither reads a Request nor answers with a Response', (_name, file) => {
    expect(httpFindings(readFileSync(file, 'utf8'))).toEqual([])
  })
})

/**
 * The routes are thin: they read the request, call a module and answer. Queries, transactions and
 * the schema belong to the modules (ADR 070), so a route neither imports drizzle or the schema nor
 * opens a transaction or runs a statement itself.
 */
const DATA_ACCESS = [
  /from '(drizzle-orm(\/[\w-]+)?|#db\/schema)'/,
  /\.transaction\(/,
  /\b(db|tx)\.(select|selectDistinct|insert|update|delete|execute|query)\b/,
]

export function dataAccessFindings(source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .filter((line) => DATA_ACCESS.some((pattern) => pattern.test(line)))
    .map((line) => line.trim())
}

describe('app/routes are thin', () => {
  it('finds what it looks for (the check can fail)', () => {
    expect(dataAccessFindings("import { eq } from 'drizzle-orm'")).toHaveLength(1)
    expect(dataAccessFindings("import { users } from '#db/schema'")).toHaveLength(1)
    expect(dataAccessFindings('await db.transaction((tx) => work(tx))')).toHaveLength(1)
    expect(dataAccessFindings('const rows = await db.select().from(users)')).toHaveLength(1)
    expect(dataAccessFindings("await db.execute(sql`select 1`)")).toHaveLength(1)
    expect(dataAccessFindings('const rows = await listLoans(db, user)')).toHaveLength(0)
    expect(dataAccessFindings('// no db.select() here')).toHaveLength(0)
  })

  const routes = join(root, '..', 'routes')
  const files = sourceFiles(routes)
  it('looks at every route file', () => {
    expect(files.length).toBeGreaterThan(60)
  })

  it.each(files.map((file) => [relative(routes, file), file]))('%s leaves queries and transactions to the modules', (_name, file) => {
    expect(dataAccessFindings(readFileSync(file, 'utf8'))).toEqual([])
  })
})
