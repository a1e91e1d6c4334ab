import { sql } from 'drizzle-orm'
import { check, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres } from './centres'
import { createdAt, id, tstz } from './columns'
import { users } from './users'

export const reportSubjectType = pgEnum('report_subject_type', ['listing', 'initiative', 'message'])
export const reportStatus = pgEnum('report_status', ['open', 'resolved', 'dismissed'])

/**
 * A flag raised by a logged-in person on content of a centre. The subject is named by type and
 * id (no foreign key: a report outlives a deleted message, and one table serves all three kinds).
 */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id, { onDelete: 'cascade' }),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    subjectType: reportSubjectType('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    reason: text('reason').notNull(),
    status: reportStatus('status').notNull().default('open'),
    resolutionNote: text('resolution_note'),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: tstz('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('reports_centre_status_idx').on(t.centreId, t.status, t.createdAt),
    index('reports_subject_idx').on(t.subjectType, t.subjectId),
    // One open report per person and subject: reporting twice is harmless, not a pile-up.
    uniqueIndex('reports_open_once_key')
      .on(t.reporterId, t.subjectType, t.subjectId)
      .where(sql`${t.status} = 'open'`),
    check('reports_reason_length', sql`char_length(${t.reason}) between 1 and 2000`),
    check(
      'reports_resolution_consistent',
      sql`(${t.status} = 'open') = (${t.resolvedAt} is null)`,
    ),
  ],
)
