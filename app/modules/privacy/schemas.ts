import { z } from 'zod'
import { LOCALES } from '~/utils/i18n'
import { LEGAL_PAGE_MAX_CHARS } from './limits'
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

export { LEGAL_PAGE_MAX_CHARS }

export const LegalPageSchema = z.object({
  page: z.enum(LEGAL_PAGES),
  locale: z.enum(LOCALES),
  body: z.string().trim().min(1).max(LEGAL_PAGE_MAX_CHARS, { error: 'privacy.admin.tooLong' }),
})
