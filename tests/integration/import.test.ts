import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/node'
import { makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { auditLog, emailOutbox, initiatives, invitations } from '#db/schema'
import { PREVIEW_ROWS } from '~/modules/initiatives/import'
import { sha256Of } from '~/modules/initiatives/import-read.server'
import { confirmImport, previewImport } from '~/modules/initiatives/import.server'
import { getInvitationByToken } from '~/modules/initiatives/invitations.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const ORIGIN = 'https://viertel.example'

/** A centre whose language is French, its manager (who reads Dutch), and one initiative it has already. */
async function setup() {
  const db = database.db
  const centre = await makeCentre(db, { name: 'Maison Test', languages: ['fr', 'de'] })
  const manager = await makeManager(db, centre.id, { name: 'Mona Manager', locale: 'nl' })
  await makeInitiative(db, centre.id, { name: 'Radwerk Kollektiv', slug: 'radwerk-kollektiv', status: 'active' })
  const actor = { id: manager.id, name: manager.name, isAdmin: false }
  const preview = (file: Blob, who = actor) => previewImport(db, { actor: who, centre, file, fileName: 'liste.csv' })
  const confirm = async (file: Blob, who = actor, sha256?: string) =>
    confirmImport(db, { actor: who, centre, file, fileName: 'liste.csv', sha256: sha256 ?? (await sha256Of(file)), origin: ORIGIN })
  const counts = async () => {
    const [i] = await db.select({ n: count() }).from(initiatives).where(eq(initiatives.centreId, centre.id))
    const [v] = await db.select({ n: count() }).from(invitations).where(eq(invitations.centreId, centre.id))
    const [m] = await db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.centreId, centre.id))
    const [a] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.centreId, centre.id))
    return { initiatives: i!.n, invitations: v!.n, emails: m!.n, audit: a!.n }
  }
  return { db, centre, manager, actor, preview, confirm, counts }
}

const csv = (lines: string[]) => new Blob([`\uFEFF${lines.join('\r\n')}\r\n`])

/** Every kind of bad row, with two good ones and one the centre has already. */
const MIXED = csv([
  'Name;Art;Arbeitsfeld;Beschreibung;Kontakt-E-Mails',
  'Ölmühle;Genossenschaft;Lebensmittel;Wir pressen Öl.;oel@example.test, Anna@Example.test', // 2 new
  'radwerk  KOLLEKTIV;Verein;Fahrräder;;rad@example.test', // 3 exists
  ';Verein;;;leer@example.test', // 4 name missing
  'Schlechte Post;Verein;;;kein-at-zeichen', // 5 bad e-mail
  'Stammtisch;Kegelclub;;;kegel@example.test', // 6 unknown kind
  'ÖLMÜHLE;Betrieb;;;zwei@example.test', // 7 same name as row 2
  `Lang;Projekt;;${'x'.repeat(4001)};lang@example.test`, // 8 description too long
  'Nullbyte;Projekt;Kul\u0000tur;;nul@example.test', // 9 NUL
  'Ohne Kontakt;Projekt;;;', // 10 no e-mail
  ';;;;', // 11 blank: passed over
  `${'N'.repeat(101)};Projekt;;;n@example.test`, // 12 name too long
  'X;Projekt;;;x@example.test', // 13 name too short
  'Druckerei Punkt;enterprise;Druck;Risograph;druck@example.test', // 14 new
])

describe('previewing an import', () => {
  it('shows every row as it will be created, with errors at their cells, and writes nothing', async () => {
    const { preview, counts } = await setup()
    const before = await counts()
    const result = await preview(MIXED)
    if (!result.ok) throw new Error(`preview failed: ${result.error}`)
    const byRow = new Map(result.rows.map((r) => [r.row, r]))
    const errors = (row: number) =>
      Object.fromEntries(Object.entries(byRow.get(row)!.errors).map(([column, list]) => [column, list!.map((e) => e.code)]))

    expect(byRow.get(2)).toMatchObject({ status: 'new', name: 'Ölmühle', kind: 'cooperative', emails: ['oel@example.test', 'anna@example.test'] })
    expect(byRow.get(3)).toMatchObject({ status: 'exists', errors: {} })
    expect(errors(4)).toEqual({ name: ['required'] })
    expect(errors(5)).toEqual({ emails: ['badEmail'] })
    expect(errors(6)).toEqual({ kind: ['unknownKind'] })
    expect(errors(7)).toEqual({ name: ['duplicateInFile'] })
    expect(byRow.get(7)!.errors.name![0]!.detail).toBe(2)
    expect(errors(8)).toEqual({ description: ['tooLong'] })
    expect(errors(9)).toEqual({ sector: ['nulByte'] })
    expect(errors(10)).toEqual({ emails: ['required'] })
    expect(byRow.has(11)).toBe(false)
    expect(errors(12)).toEqual({ name: ['tooLong'] })
    expect(errors(13)).toEqual({ name: ['tooShort'] })
    expect(byRow.get(14)).toMatchObject({ status: 'new', kind: 'enterprise', sector: 'Druck' })
    expect(result.summary).toMatchObject({ rows: 12, newRows: 2, existingRows: 1, invalidRows: 9, cellErrors: 9, importedBefore: null })
    expect(await counts()).toEqual(before)
  })

  it('says which columns the header lacks, and that a file with a header only holds nothing', async () => {
    const { preview } = await setup()
    expect(await preview(csv(['Name,Kind', 'Radwerk,association']))).toEqual({ ok: false, error: 'missingColumns', missing: ['emails'] })
    expect(await preview(csv(['Name;Art;Kontakt-E-Mails']))).toEqual({ ok: false, error: 'empty' })
    expect(await preview(new Blob(['Name;Art;E-Mail\n"offen;Verein;a@example.test\n']))).toEqual({ ok: false, error: 'unreadable' })
  })
})

describe('confirming an import', () => {
  it('creates the new rows as active, invites each contact in the centre’s language (or their own), and audits it', async () => {
    const { db, centre, manager, confirm, counts } = await setup()
    // Anna has an account in English: her invitation is in English, the others' in French.
    await makeUser(db, { email: 'anna@example.test', locale: 'en' })
    const before = await counts()
    const outcome = await confirm(MIXED)
    expect(outcome).toEqual({ ok: true, created: 2, invited: 3, skippedExisting: 1, skippedInvalid: 9 })

    const created = await db.select().from(initiatives).where(and(eq(initiatives.centreId, centre.id), eq(initiatives.createdBy, manager.id)))
    expect(created.map((i) => i.name).sort()).toEqual(['Druckerei Punkt', 'Ölmühle'])
    const oel = created.find((i) => i.name === 'Ölmühle')!
    expect(oel).toMatchObject({
      slug: 'oelmuehle',
      kind: 'cooperative',
      sector: 'Lebensmittel',
      description: 'Wir pressen Öl.',
      contactEmail: 'oel@example.test',
      status: 'active',
      decidedBy: manager.id,
    })

    const invited = await db.select().from(invitations).where(eq(invitations.initiativeId, oel.id))
    expect(invited.map((i) => i.email).sort()).toEqual(['anna@example.test', 'oel@example.test'])
    expect(invited.every((i) => i.invitedBy === manager.id && !i.acceptedAt && i.expiresAt > new Date())).toBe(true)

    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.centreId, centre.id))
    const mailTo = (address: string) => mails.find((m) => m.toAddress === address)!
    expect(mailTo('oel@example.test').subject).toBe('Invitation à rejoindre Ölmühle sur Viertel')
    expect(mailTo('druck@example.test').subject).toBe('Invitation à rejoindre Druckerei Punkt sur Viertel')
    expect(mailTo('anna@example.test').subject).toBe('Invitation to Ölmühle on Viertel')
    expect(mails.every((m) => m.kind === 'invitation' && m.text.includes('Mona Manager'))).toBe(true)
    // The link in the e-mail is a working invitation to the new initiative.
    const token = /\/invite\/([a-z2-7]+)/.exec(mailTo('oel@example.test').text)![1]!
    expect(await getInvitationByToken(db, token)).toMatchObject({ state: 'open', initiative: { id: oel.id } })

    const audit = await db.select().from(auditLog).where(eq(auditLog.centreId, centre.id))
    expect(audit.filter((a) => a.action === 'initiative.imported').map((a) => a.subjectId).sort()).toEqual(created.map((i) => i.id).sort())
    const file = audit.find((a) => a.action === 'initiative.fileImported')!
    expect(file).toMatchObject({ actorId: manager.id, subjectType: 'centre', subjectId: centre.id })
    expect(file.details).toMatchObject({ name: 'liste.csv', sha256: await sha256Of(MIXED), created: 2, invited: 3 })
    const after = await counts()
    expect(after).toEqual({ initiatives: before.initiatives + 2, invitations: 3, emails: 3, audit: before.audit + 3 })
  })

  it('is idempotent: the same file again creates nothing and invites nobody twice; the preview says it was imported', async () => {
    const { confirm, preview, counts } = await setup()
    expect(await confirm(MIXED)).toMatchObject({ ok: true, created: 2 })
    const once = await counts()
    expect(await confirm(MIXED)).toMatchObject({ ok: true, created: 0, invited: 0, skippedExisting: 3 })
    expect(await counts()).toMatchObject({ initiatives: once.initiatives, invitations: once.invitations, emails: once.emails })

    const again = await preview(MIXED)
    if (!again.ok) throw new Error('preview failed')
    expect(again.summary).toMatchObject({ newRows: 0, existingRows: 3 })
    expect(again.summary.importedBefore).toMatchObject({ by: 'Mona Manager' })

    // "The same" is the name, whatever else the file holds: an edited file adds only what is new.
    const edited = csv(['name,kind,emails', 'OELMUEHLE,project,neu@example.test', ' ölmühle ,project,neu@example.test', 'Neue Werkstatt,project,neu@example.test'])
    expect(await confirm(edited)).toMatchObject({ ok: true, created: 2, skippedExisting: 1 })
  })

  it('creates everything once when the same file is confirmed twice at the same moment', async () => {
    const { confirm, counts } = await setup()
    const before = await counts()
    const [a, b] = await Promise.all([confirm(MIXED), confirm(MIXED)])
    expect([a, b].map((r) => (r.ok ? r.created : r.error)).sort()).toEqual([0, 2])
    expect((await counts()).initiatives).toBe(before.initiatives + 2)
    if (!onPostgres()) console.info('import concurrency: PGlite has one connection, the two confirmations ran one after the other')
  })

  it('refuses a file that is not the previewed one, and writes nothing', async () => {
    const { confirm, counts } = await setup()
    const before = await counts()
    expect(await confirm(MIXED, undefined, 'f'.repeat(64))).toEqual({ ok: false, error: 'changed' })
    expect(await counts()).toEqual(before)
  })

  it('reads Windows-1252 from an old Excel and stores the names as they were meant', async () => {
    const { db, centre, confirm } = await setup()
    const bytes = Buffer.from('Name;Art;E-Mail\r\nKäserei Süd;Betrieb;kaese@example.test\r\n', 'latin1')
    expect(await confirm(new Blob([bytes]))).toMatchObject({ ok: true, created: 1 })
    const [row] = await db.select().from(initiatives).where(and(eq(initiatives.centreId, centre.id), eq(initiatives.slug, 'kaeserei-sued')))
    expect(row?.name).toBe('Käserei Süd')
  })
})

describe('who may import', () => {
  it('refuses a member, a manager of another centre; a platform admin may', async () => {
    const { db, preview, confirm, counts } = await setup()
    const before = await counts()
    const stranger = await makeUser(db)
    const otherCentre = await makeCentre(db)
    const otherManager = await makeManager(db, otherCentre.id)
    const admin = await makeUser(db, { isAdmin: true })
    for (const who of [stranger, otherManager]) {
      const actor = { id: who.id, name: who.name, isAdmin: false }
      expect(await preview(MIXED, actor)).toEqual({ ok: false, error: 'forbidden' })
      expect(await confirm(MIXED, actor)).toEqual({ ok: false, error: 'forbidden' })
    }
    expect(await counts()).toEqual(before)
    expect(await preview(MIXED, { id: admin.id, name: admin.name, isAdmin: true })).toMatchObject({ ok: true })
  })
})

describe('a file of 11,000 rows', () => {
  const ROWS = 11_000
  const lines = ['name;kind;sector;description;emails']
  for (let i = 1; i <= ROWS; i++) {
    // every 1,000th row has a bad address
    lines.push(`Initiative ${i};Verein;Bereich ${i % 17};Beschreibung der Initiative ${i};${i % 1000 === 0 ? 'kaputt' : `kontakt${i}@example.test`}`)
  }
  const big = csv(lines)

  it('previews the first 200 rows with the counts of all, then imports all the good ones', async () => {
    const { preview, confirm, counts } = await setup()
    const before = await counts()
    const result = await preview(big)
    if (!result.ok) throw new Error(`preview failed: ${result.error}`)
    expect(result.rows).toHaveLength(PREVIEW_ROWS)
    expect(result.rows.at(-1)!.row).toBe(PREVIEW_ROWS + 1)
    expect(result.summary).toMatchObject({ rows: ROWS, newRows: ROWS - 11, invalidRows: 11, cellErrors: 11 })
    // the bad rows after the first 200 are listed too (row n+1 holds initiative n)
    expect(result.laterProblems.map((r) => r.row)).toEqual(Array.from({ length: 11 }, (_, k) => (k + 1) * 1000 + 1))

    const outcome = await confirm(big)
    expect(outcome).toEqual({ ok: true, created: ROWS - 11, invited: ROWS - 11, skippedExisting: 0, skippedInvalid: 11 })
    expect(await counts()).toMatchObject({ initiatives: before.initiatives + ROWS - 11, invitations: ROWS - 11, emails: ROWS - 11 })
  }, 240_000)

  it('previews the same 11,000 rows from an XLSX workbook', async () => {
    const { preview } = await setup()
    const sheet = lines.map((line) => line.split(';').map((value) => ({ value })))
    const xlsx = new Blob([new Uint8Array(await writeXlsxFile(sheet).toBuffer())])
    const result = await preview(xlsx)
    if (!result.ok) throw new Error(`preview failed: ${result.error}`)
    expect(result.rows).toHaveLength(PREVIEW_ROWS)
    expect(result.summary).toMatchObject({ rows: ROWS, newRows: ROWS - 11, invalidRows: 11 })
  }, 120_000)
})
