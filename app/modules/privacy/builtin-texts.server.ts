import type { Locale } from '~/utils/i18n'
import de from './guide/de.md?raw'
import en from './guide/en.md?raw'
import fr from './guide/fr.md?raw'
import nl from './guide/nl.md?raw'
import { GERMAN_TEMPLATES, type LegalPage } from './templates'

/**
 * The guide for people who want to start a centre (issue #17 §3), written by us in our own words
 * from the study, one text per language; the platform admin replaces it per language on
 * /admin/pages. `{{…}}` are live figures of the network (guide.server.ts in reporting).
 */
const GUIDE: Record<Locale, string> = { de, en, fr, nl }

/** The text a page shows before the admin saved one: the guide in the reader's language, the legal pages in German. */
export function builtInText(page: LegalPage, locale: Locale): { body: string; locale: Locale } {
  if (page === 'guide') return { body: GUIDE[locale], locale }
  return { body: GERMAN_TEMPLATES[page], locale: 'de' }
}
