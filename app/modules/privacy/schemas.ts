import { z } from 'zod'
import { LOCALES } from '~/utils/i18n'
import { LEGAL_PAGES } from './templates'

export const ExportSchema = z.object({ password: z.string().min(1).max(128) })

/** The person types their own e-mail address to say they mean it (compared on the server). */
export const DeleteAccountSchema = z.object({
  password: z.string().min(1).max(128),
  confirmation: z.string().trim().min(1).max(254),
})

/** A manager or admin carries out someone's request: the address typed again, as a check of the person. */
export const EraseOnRequestSchema = z.object({
  userId: z.uuid(),
  confirmation: z.string().trim().min(1).max(254),
})

/** A legal page's text: a privacy notice in full is longer than any other field of Viertel. */
export const LEGAL_PAGE_MAX_CHARS = 50_000

export const LegalPageSchema = z.object({
  page: z.enum(LEGAL_PAGES),
  locale: z.enum(LOCALES),
  body: z.string().trim().min(1).max(LEGAL_PAGE_MAX_CHARS, { error: 'privacy.admin.tooLong' }),
})
