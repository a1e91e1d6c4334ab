/**
 * A manager brings the centre's existing initiatives in from a spreadsheet (issue #19, ADR 072):
 * `previewImport` reads the file and says, row by row, what would happen; `confirmImport` reads
 * the same file again (the browser sends it again, its SHA-256 must be the previewed one) and
 * creates the new initiatives as active, each contact invited by the existing invitation
 * mechanism, all in one transaction. A row whose name an initiative of the centre already has is
 * skipped, so importing a file twice creates nothing twice.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { auditLog, centres, initiatives, invitations, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { generateSessionToken, hashToken } from '~/modules/auth/session.server'
import { isCentreManager } from '~/modules/centres/centres.server'
import { enqueueTemplatedEmail } from '~/modules/notifications/outbox.server'
import { fail, type Failure, ok, type Result } from '~/modules/shared/results'
import { isLocale, type Locale } from '~/utils/i18n'
import { slugify } from '~/utils/misc'
import {
  checkRow,
  errorCount,
  type ImportColumn,
  type ImportFileError,
  type ImportRow,
  type ImportSummary,
  isBlankRow,
  mapHeader,
  nameKey,
  PREVIEW_DESCRIPTION_CHARS,
  PREVIEW_ROWS,
} from './import'
import { ImportFileProblem, readImportRows, sha256Of } from './import-read.server'
import { INVITATION_DAYS } from './invitations.server'

export interface ImportActor {
  id: string
  name: string
  isAdmin?: boolean
}

export interface ImportCentre {
  id: string
  slug: string
  name: string
  languages: string[]
}

export type ImportError = 'forbidden' | 'changed' | ImportFileError
export type ImportFailure = Failure<ImportError> & { missing?: ImportColumn[] }

const DAY = 24 * 60 * 60 * 1000
/** Rows inserted per statement: big enough to be quick, small enough to bound what is held. */
const BATCH = 500

/** A manager of the centre, or a platform admin (as requireManager); the route asks too. */
async function mayImport(db: DbOrTx, actor: ImportActor, centreId: string) {
  return Boolean(actor.isAdmin) || (await isCentreManager(db, centreId, actor.id))
}

async function existingNameKeys(db: DbOrTx, centreId: string): Promise<Set<string>> {
  const rows = await db.select({ name: initiatives.name }).from(initiatives).where(eq(initiatives.centreId, centreId))
  return new Set(rows.map((row) => nameKey(row.name)))
}

/**
 * The file's data rows, each checked on its own and against the others (a name repeated in the
 * file) and against the centre (a name it has). Blank rows are passed over.
 */
async function* analyse(file: Blob, existing: Set<string>, onHeader: (ignored: string[]) => void): AsyncGenerator<ImportRow> {
  const rows = readImportRows(file)
  const first = await rows.next()
  if (first.done) throw new ImportFileProblem('empty')
  const header = mapHeader(first.value)
  if (header.missing.length) throw new MissingColumns(header.missing)
  onHeader(header.ignored)
  const firstRowOf = new Map<string, number>()
  let number = 1
  for await (const cells of rows) {
    number++
    if (isBlankRow(cells)) continue
    const row = checkRow(cells, header.columns, number)
    const key = nameKey(row.name)
    if (key) {
      const earlier = firstRowOf.get(key)
      if (earlier !== undefined) {
        ;(row.errors.name ??= []).push({ code: 'duplicateInFile', detail: earlier })
        row.status = 'invalid'
      } else {
        firstRowOf.set(key, number)
      }
    }
    if (row.status === 'new' && existing.has(key)) row.status = 'exists'
    yield row
  }
}

class MissingColumns extends Error {
  constructor(readonly missing: ImportColumn[]) {
    super(`import file lacks ${missing.join(', ')}`)
  }
}

function fileFailure(error: unknown): ImportFailure {
  if (error instanceof MissingColumns) return { ...fail('missingColumns'), missing: error.missing }
  if (error instanceof ImportFileProblem) return fail(error.code)
  throw error
}

async function importedBefore(db: DbOrTx, centreId: string, sha256: string) {
  const [row] = await db
    .select({ at: auditLog.createdAt, by: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.centreId, centreId),
        eq(auditLog.action, 'initiative.fileImported'),
        sql`${auditLog.details}->>'sha256' = ${sha256}`,
      ),
    )
    .orderBy(sql`${auditLog.createdAt} desc`)
    .limit(1)
  return row ? { at: row.at.toISOString(), by: row.by } : null
}

function shorten(text: string) {
  return text.length > PREVIEW_DESCRIPTION_CHARS ? `${text.slice(0, PREVIEW_DESCRIPTION_CHARS).trimEnd()}…` : text
}

export type ImportPreview = { summary: ImportSummary; rows: ImportRow[]; laterProblems: ImportRow[] }

/** Rows with errors after the first PREVIEW_ROWS, listed so that a long file's problems can be found. */
const LATER_PROBLEMS = 100

/**
 * What the file would do, without writing anything: the first PREVIEW_ROWS rows, the first rows
 * with errors after them, and the counts of all.
 */
export async function previewImport(
  db: DbOrTx,
  input: { actor: ImportActor; centre: ImportCentre; file: Blob; fileName: string },
): Promise<Result<ImportPreview, ImportError> | ImportFailure> {
  if (!(await mayImport(db, input.actor, input.centre.id))) return fail('forbidden')
  const sha256 = await sha256Of(input.file)
  const existing = await existingNameKeys(db, input.centre.id)
  const summary: ImportSummary = {
    sha256,
    fileName: input.fileName,
    rows: 0,
    newRows: 0,
    existingRows: 0,
    invalidRows: 0,
    cellErrors: 0,
    ignoredColumns: [],
    importedBefore: await importedBefore(db, input.centre.id, sha256),
  }
  const shown: ImportRow[] = []
  const laterProblems: ImportRow[] = []
  try {
    for await (const row of analyse(input.file, existing, (ignored) => (summary.ignoredColumns = ignored))) {
      summary.rows++
      if (row.status === 'new') summary.newRows++
      else if (row.status === 'exists') summary.existingRows++
      else summary.invalidRows++
      summary.cellErrors += errorCount(row)
      if (shown.length < PREVIEW_ROWS) shown.push({ ...row, description: shorten(row.description) })
      else if (row.status === 'invalid' && laterProblems.length < LATER_PROBLEMS) {
        laterProblems.push({ ...row, description: shorten(row.description) })
      }
    }
  } catch (error) {
    return fileFailure(error)
  }
  if (summary.rows === 0) return fail('empty')
  return ok({ summary, rows: shown, laterProblems })
}

export interface ImportOutcome {
  created: number
  invited: number
  skippedExisting: number
  skippedInvalid: number
}

type NewRow = ImportRow & { kind: NonNullable<ImportRow['kind']> }

/**
 * Creates what the preview showed. The file must be the previewed one (same SHA-256), else
 * `changed` and nothing is written. Rows with errors and rows whose initiative exists already are
 * skipped; the rest are created active in one transaction, in which the centre is locked, so two
 * confirmations of one file (a double click, two managers) create everything once.
 */
export async function confirmImport(
  db: DbOrTx,
  input: { actor: ImportActor; centre: ImportCentre; file: Blob; fileName: string; sha256: string; origin: string },
): Promise<Result<ImportOutcome, ImportError> | ImportFailure> {
  const { actor, centre } = input
  if (!(await mayImport(db, actor, centre.id))) return fail('forbidden')
  const sha256 = await sha256Of(input.file)
  if (sha256 !== input.sha256) return fail('changed')
  const fallbackLocale: Locale = centre.languages.find(isLocale) ?? 'de'
  try {
    return await db.transaction(async (tx) => {
      // FOR NO KEY UPDATE: imports of this centre queue behind each other, while rows that merely
      // refer to the centre (listings, exchanges: FOR KEY SHARE) are not held up.
      await tx.select({ id: centres.id }).from(centres).where(eq(centres.id, centre.id)).for('no key update')
      const existing = await existingNameKeys(tx, centre.id)
      const slugs = new Set(
        (await tx.select({ slug: initiatives.slug }).from(initiatives).where(eq(initiatives.centreId, centre.id))).map((r) => r.slug),
      )
      const outcome: ImportOutcome = { created: 0, invited: 0, skippedExisting: 0, skippedInvalid: 0 }
      let batch: NewRow[] = []
      const flush = async () => {
        if (!batch.length) return
        const done = await createBatch(tx, { actor, centre, sha256, origin: input.origin, fallbackLocale, slugs }, batch)
        outcome.created += done.created
        outcome.invited += done.invited
        batch = []
      }
      for await (const row of analyse(input.file, existing, () => {})) {
        if (row.status === 'exists') outcome.skippedExisting++
        else if (row.status === 'invalid' || !row.kind) outcome.skippedInvalid++
        else {
          batch.push(row as NewRow)
          if (batch.length >= BATCH) await flush()
        }
      }
      await flush()
      await recordAudit(tx, {
        centreId: centre.id,
        actorId: actor.id,
        action: 'initiative.fileImported',
        subjectType: 'centre',
        subjectId: centre.id,
        details: { name: input.fileName, sha256, ...outcome },
      })
      return ok(outcome)
    })
  } catch (error) {
    return fileFailure(error)
  }
}

/** `base`, `base-2`, … : the first slug the centre does not have yet (it is then taken). */
function takeSlug(slugs: Set<string>, name: string): string {
  const base = slugify(name).slice(0, 50) || 'initiative'
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!slugs.has(candidate)) {
      slugs.add(candidate)
      return candidate
    }
  }
}

async function createBatch(
  tx: DbOrTx,
  context: { actor: ImportActor; centre: ImportCentre; sha256: string; origin: string; fallbackLocale: Locale; slugs: Set<string> },
  rows: NewRow[],
) {
  const { actor, centre, slugs } = context
  const now = new Date()
  const created: { id: string; name: string; row: NewRow }[] = []
  let pending = rows.map((row) => ({ row, slug: takeSlug(slugs, row.name) }))
  // A slug taken meanwhile by an application (not locked by us) is skipped by ON CONFLICT and tried again.
  for (let attempt = 0; pending.length && attempt < 5; attempt++) {
    const inserted = await tx
      .insert(initiatives)
      .values(
        pending.map(({ row, slug }) => ({
          centreId: centre.id,
          slug,
          name: row.name,
          kind: row.kind,
          sector: row.sector,
          description: row.description,
          contactEmail: row.emails[0] ?? null,
          status: 'active' as const,
          createdBy: actor.id,
          decidedBy: actor.id,
          decidedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: initiatives.id, slug: initiatives.slug, name: initiatives.name })
    const bySlug = new Map(inserted.map((r) => [r.slug, r]))
    for (const { row, slug } of pending) {
      const made = bySlug.get(slug)
      if (made) created.push({ id: made.id, name: made.name, row })
    }
    pending = pending.filter(({ slug }) => !bySlug.has(slug)).map(({ row }) => ({ row, slug: takeSlug(slugs, row.name) }))
  }
  if (pending.length) throw new Error('Could not find free slugs for imported initiatives')

  const emails = [...new Set(created.flatMap((c) => c.row.emails))]
  const accountLocales = new Map(
    emails.length
      ? (
          await tx
            .select({ email: sql<string>`lower(${users.email})`, locale: users.locale })
            .from(users)
            .where(inArray(sql`lower(${users.email})`, emails))
        ).map((r) => [r.email, r.locale])
      : [],
  )
  const invites = created.flatMap((c) =>
    c.row.emails.map((email) => {
      const token = generateSessionToken()
      return { initiative: c, email, token, tokenHash: hashToken(token) }
    }),
  )
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY)
  const insertedInvitations = invites.length
    ? await tx
        .insert(invitations)
        .values(
          invites.map((invite) => ({
            centreId: centre.id,
            initiativeId: invite.initiative.id,
            email: invite.email,
            tokenHash: invite.tokenHash,
            invitedBy: actor.id,
            expiresAt,
          })),
        )
        .returning({ id: invitations.id, tokenHash: invitations.tokenHash })
    : []
  const invitationIds = new Map(insertedInvitations.map((r) => [r.tokenHash, r.id]))
  const invitedTo = new Map<string, { email: string; invitationId: string | undefined }[]>()
  for (const invite of invites) {
    const list = invitedTo.get(invite.initiative.id) ?? []
    list.push({ email: invite.email, invitationId: invitationIds.get(invite.tokenHash) })
    invitedTo.set(invite.initiative.id, list)
  }
  // One statement per e-mail and per audit entry (the outbox's and the log's only writers), sent
  // together: on PostgreSQL they are pipelined on the transaction's connection instead of waiting
  // for each other's round trip, which is what 11,000 rows would otherwise spend their time on.
  await Promise.all([
    ...invites.map((invite) =>
      // The contact's own language when they have an account, else the centre's (its first language).
      enqueueTemplatedEmail(
        tx,
        { email: invite.email, locale: accountLocales.get(invite.email) ?? context.fallbackLocale },
        {
          template: 'invitation',
          kind: 'invitation',
          centreId: centre.id,
          params: {
            inviter: actor.name,
            initiative: invite.initiative.name,
            centre: centre.name,
            days: INVITATION_DAYS,
            link: `${context.origin}/invite/${invite.token}`,
          },
        },
      ),
    ),
    ...created.map((c) =>
      recordAudit(tx, {
        centreId: centre.id,
        actorId: actor.id,
        action: 'initiative.imported',
        subjectType: 'initiative',
        subjectId: c.id,
        details: { name: c.name, row: c.row.row, sha256: context.sha256, invitations: invitedTo.get(c.id) ?? [] },
      }),
    ),
  ])
  return { created: created.length, invited: invites.length }
}
