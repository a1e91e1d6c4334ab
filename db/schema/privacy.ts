import { sql } from 'drizzle-orm'
import { boolean, check, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, tstz } from './columns'
import { users } from './users'

/**
 * The privacy notice, the imprint and the guide for founders (issue #17 §3), one Markdown text
 * per page and language, written by the platform admin (issue 14 §5). A language without its own
 * text shows the built-in text of that language where there is one (the guide), else the German
 * one; without any row the built-in German template (app/modules/privacy/templates.ts) is shown.
 */
export const legalPages = pgTable(
  'legal_pages',
  {
    page: text('page', { enum: ['privacy', 'imprint', 'guide'] }).notNull(),
    locale: text('locale', { enum: ['de', 'en', 'fr', 'nl'] }).notNull(),
    body: text('body').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.page, t.locale] }),
    check('legal_pages_page_known', sql`${t.page} in ('privacy', 'imprint', 'guide')`),
    check('legal_pages_locale_known', sql`${t.locale} in ('de', 'en', 'fr', 'nl')`),
    check('legal_pages_body_length', sql`char_length(${t.body}) between 1 and 50000`),
  ],
)

/**
 * One row per erased account (Art. 17, ADR 068): the users row stays as a nameless tombstone so
 * that the ledger, exchanges and loans keep their references; this says that it is one, when,
 * and whether a manager or admin carried the erasure out on the person's request.
 */
export const accountErasures = pgTable('account_erasures', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  erasedBy: uuid('erased_by').references(() => users.id, { onDelete: 'set null' }),
  /** true when a manager or admin carried out the person's request */
  onRequest: boolean('on_request').notNull().default(false),
  erasedAt: createdAt(),
})
