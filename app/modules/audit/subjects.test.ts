import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '~/utils/i18n'
import { AUDIT_SUBJECTS } from './subjects'

describe('audit subjects', () => {
  it.each(LOCALES)('each has a name in %s (the audit log shows it; a missing one showed its raw key)', (locale) => {
    const file = path.resolve(__dirname, `../../locales/${locale}/audit.json`)
    const names = (JSON.parse(readFileSync(file, 'utf8')) as { subjects: Record<string, string> }).subjects
    const missing = AUDIT_SUBJECTS.filter((subject) => !names[subject]?.trim())
    expect(missing).toEqual([])
  })
})
