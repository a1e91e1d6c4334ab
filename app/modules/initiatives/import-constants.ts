/**
 * The import's columns and limits: plain constants the browser needs (the upload form, the
 * preview). Kept apart from import.ts, whose zod schemas would otherwise ship with the page.
 */
export const IMPORT_COLUMNS = ['name', 'kind', 'sector', 'description', 'emails'] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['name', 'kind', 'emails']

/** The same bounds as the initiative's own form (InitiativeProfileSchema). */
export const IMPORT_LIMITS = {
  nameMin: 2,
  nameMax: 100,
  sectorMax: 100,
  descriptionMax: 4000,
  emailMax: 254,
  emailsPerRow: 10,
} as const

/** The preview lists this many rows; the counts cover the whole file. */
export const PREVIEW_ROWS = 200
/** 11,000 initiatives is the largest file we were asked for; a file beyond this is refused as a whole. */
export const MAX_IMPORT_ROWS = 20_000
/** Below the server's multipart limit (21 MiB, scripts/server.mjs), so the form is read and the message is ours. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** The form's file field, and what stands in it when the file was over the limit (app/utils/import-form.server.ts). */
export const IMPORT_FILE_FIELD = 'file'
export const IMPORT_TOO_LARGE = 'import:tooLarge'
