import { getUser } from '~/modules/auth/guards.server'
import { db } from '~/utils/db.server'
import { resolveLocale } from '~/utils/i18n.server'
import { parseMarkdown } from './markdown'
import { getLegalPage } from './pages.server'
import type { LegalPage } from './templates'

/** What /privacy and /imprint show: the text in the reader's language (or German), parsed on the server. */
export async function loadLegalPage(request: Request, page: LegalPage) {
  const user = await getUser(request)
  const locale = await resolveLocale(request, user?.locale)
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
