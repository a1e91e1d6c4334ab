import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../db/connect'
import { adminUrl, databaseUrl, testDatabaseBaseUrl } from './urls'

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null
    pgliteSnapshot: string | null
    runId: string
  }
}

/**
 * Migrates once per run: on PostgreSQL into a template database that every test file clones;
 * on PGlite into a snapshot that every test file loads (much faster than migrating each time).
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`
  project.provide('runId', runId)
  const base = testDatabaseBaseUrl()
  if (base) {
    const template = `viertel_tpl_${runId}`
    const admin = await openDatabase({ url: adminUrl(base), migrate: false, poolSize: 1 })
    await admin.query(`CREATE DATABASE "${template}"`)
    const migrated = await openDatabase({ url: databaseUrl(base, template), poolSize: 1 })
    await migrated.close()
    project.provide('pgTemplate', template)
    project.provide('pgliteSnapshot', null)
    console.log(`Integration tests run on PostgreSQL (${new URL(base).host}), template ${template}`)
    return async () => {
      const leftovers = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'viertel\\_t\\_${runId}\\_%' OR datname = $1`,
        [template],
      )
      for (const { datname } of leftovers) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
      await admin.close()
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'viertel-pglite-'))
  const file = path.join(dir, 'snapshot.tar')
  const database = await openDatabase({ dataDir: 'memory://' })
  const client = (database as unknown as { raw?: { dumpDataDir: (c: string) => Promise<Blob> } }).raw
  if (!client) throw new Error('PGlite handle without raw client')
  const blob = await client.dumpDataDir('none')
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()))
  await database.close()
  project.provide('pgTemplate', null)
  project.provide('pgliteSnapshot', file)
  console.log('Integration tests run on PGlite (set DATABASE_URL to run them on PostgreSQL)')
  return () => rmSync(dir, { recursive: true, force: true })
}
