/** The PostgreSQL server for tests: TEST_DATABASE_URL, else DATABASE_URL; none means PGlite. */
export function testDatabaseBaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null
}

export function databaseUrl(base: string, name: string) {
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

/** Databases are created and dropped from the `postgres` maintenance database. */
export function adminUrl(base: string) {
  return databaseUrl(base, 'postgres')
}
