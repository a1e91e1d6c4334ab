import { and, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { legalPages } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { DEFAULT_LOCALE, type Locale } from '~/utils/i18n'
import { builtInText } from './builtin-texts.server'
import type { LegalPage } from './templates'

export interface ShownPage {
  body: string
  /** the language the text is written in (German when the asked language has none yet) */
  locale: Locale
  updatedAt: Date | null
  /** true while no text was saved at all and the template shows */
  template: boolean
}

/**
 * The text of a page in a language; else the built-in text of that language (the guide has one
 * per language); else the German text; else the German built-in text.
 */
export async function getLegalPage(db: DbOrTx, page: LegalPage, locale: Locale): Promise<ShownPage> {
  const rows = await db
    .select()
    .from(legalPages)
    .where(and(eq(legalPages.page, page), inArray(legalPages.locale, [locale, DEFAULT_LOCALE])))
  const own = rows.find((r) => r.locale === locale)
  if (own) return { body: own.body, locale, updatedAt: own.updatedAt, template: false }
  const builtIn = builtInText(page, locale)
  if (builtIn.locale === locale) return { ...builtIn, updatedAt: null, template: true }
  const german = rows.find((r) => r.locale === DEFAULT_LOCALE)
  if (german) return { body: german.body, locale: DEFAULT_LOCALE, updatedAt: german.updatedAt, template: false }
  return { ...builtIn, updatedAt: null, template: true }
}

/** Every saved text of a page, by language, for the admin's editor. */
export async function listLegalTexts(db: DbOrTx, page: LegalPage) {
  const rows = await db.select().from(legalPages).where(eq(legalPages.page, page))
  return Object.fromEntries(rows.map((r) => [r.locale, r.body])) as Partial<Record<Locale, string>>
}

/** Saves (or replaces) one text; audited. */
export async function saveLegalPage(db: DbOrTx, actorId: string, page: LegalPage, locale: Locale, body: string) {
  await db.transaction(async (tx) => {
    const now = new Date()
    await tx
      .insert(legalPages)
      .values({ page, locale, body, updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({ target: [legalPages.page, legalPages.locale], set: { body, updatedBy: actorId, updatedAt: now } })
    await recordAudit(tx, { centreId: null, actorId, action: 'legal_page.saved', subjectType: 'legal_page', subjectId: `${page}:${locale}`, details: { length: body.length } })
  })
}
