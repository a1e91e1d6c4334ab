import { spawnSync } from 'node:child_process'

/** Is a PostgreSQL client program (pg_dump, pg_restore, psql) on the PATH? */
export function hasClientTool(name: string): boolean {
  const result = spawnSync(name, ['--version'], { stdio: 'ignore' })
  return result.status === 0
}

/** The URL without its password, for progress lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return '(the configured server)'
  }
}
