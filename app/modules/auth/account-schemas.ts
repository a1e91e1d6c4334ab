import { z } from 'zod'
import { LOCALES } from '~/utils/i18n'

/** The account's language (the rest of the account forms are in ./schemas). */
export const LocaleSchema = z.object({ locale: z.enum(LOCALES) })
