import type { SessionUser } from '~/modules/auth/session.server'
import type { Locale } from '~/utils/i18n'
import { db } from '~/utils/db.server'
import { parseMarkdown } from './markdown'
import { getLegalPage } from './pages.server'
import type { LegalPage } from './templates'

/** What /privacy and /imprint show: the text in the reader's language (or German), parsed on the server. */
export async function loadLegalPage(page: LegalPage, user: SessionUser | null, locale: Locale) {
  const shown = await getLegalPage(db, page, locale)
  return {
    page,
    blocks: parseMarkdown(shown.body),
    lang: shown.locale,
    translated: shown.locale === locale,
    updatedAt: shown.updatedAt?.toISOString() ?? null,
    isAdmin: Boolean(user?.isAdmin),
  }
}
