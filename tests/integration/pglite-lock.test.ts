import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirLockedError, openDatabase } from '#db/connect'

const run = promisify(execFile)
const dir = mkdtempSync(path.join(tmpdir(), 'viertel-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function openInOtherProcess(dataDir: string) {
  return run('npx', ['tsx', path.resolve(__dirname, 'helpers/open-pglite.ts'), dataDir], { timeout: 60_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  )
}

describe('one process per PGlite data folder', () => {
  it('a second process on a folder in use refuses with a clear message; after release it opens', async () => {
    const dataDir = path.join(dir, 'db')
    const held = await openDatabase({ dataDir })
    try {
      const second = await openInOtherProcess(dataDir)
      expect(second.code).toBe(3)
      expect(second.stdout).toContain('already in use by another Viertel process')
      expect(second.stdout).toContain(String(process.pid))
      // Opening it twice in one process is refused too.
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError)
    } finally {
      await held.close()
    }
    const third = await openInOtherProcess(dataDir)
    expect(third.stdout).toContain('opened')
  }, 120_000)
})
