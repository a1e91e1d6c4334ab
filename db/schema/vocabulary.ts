import { sql } from 'drizzle-orm'
import { check, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { centres } from './centres'
import { createdAt, id } from './columns'
import { users } from './users'

/**
 * What centre managers and platform admins add to the shared vocabulary (issue #16 item 1,
 * ADR 080). The seed (db/seed/vocabulary.json) stays a file; these rows add labels to its
 * concepts and concepts beside them. `concept_key` names a seed concept or a row of
 * `vocabulary_concepts`, so it has no foreign key (the seed is not in the database).
 */
export const vocabularyConcepts = pgTable(
  'vocabulary_concepts',
  {
    key: text('key').primaryKey(),
    category: text('category').notNull(),
    /** a seed concept's key or an added one's; shown in the tree, not used in matching (ADR 075) */
    broader: text('broader'),
    /** the centre whose console it was added from (a manager may remove what their centre added) */
    centreId: uuid('centre_id').references(() => centres.id, {
      onDelete: 'set null',
    }),
    createdBy: uuid('created_by').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (t) => [
    check('vocabulary_concepts_key', sql`${t.key} ~ '^[a-z0-9][a-z0-9-]{0,59}$'`),
    check('vocabulary_concepts_category', sql`${t.category} in ('room', 'tool', 'skill', 'loan', 'other')`),
  ]
)

export const vocabularyLabels = pgTable(
  'vocabulary_labels',
  {
    id: id(),
    conceptKey: text('concept_key').notNull(),
    language: text('language').notNull(),
    label: text('label').notNull(),
    /** the label as the matcher reads it (lower case, accents and punctuation gone): one concept per label and language */
    folded: text('folded').notNull(),
    centreId: uuid('centre_id').references(() => centres.id, {
      onDelete: 'set null',
    }),
    createdBy: uuid('created_by').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('vocabulary_labels_language_folded_idx').on(t.language, t.folded),
    check('vocabulary_labels_language', sql`${t.language} in ('de', 'en', 'fr', 'nl')`),
    check('vocabulary_labels_label_length', sql`char_length(${t.label}) between 2 and 60`),
  ]
)

/**
 * One row: raised in the transaction of every change, so every app process sees that its copy
 * of the vocabulary is old (vocabulary.server.ts reads it at most every few seconds).
 */
export const vocabularyRevision = pgTable(
  'vocabulary_revision',
  {
    id: integer('id').primaryKey().default(1),
    revision: integer('revision').notNull().default(0),
    /**
     * The vocabulary (seed file and revision, `vocabularyVersion`) the listings' concepts were last
     * brought under by `applyRecognisedConcepts`; the worker brings them under a newer one (ADR 094).
     */
    listingsVersion: text('listings_version').notNull().default(''),
  },
  (t) => [check('vocabulary_revision_one_row', sql`${t.id} = 1`)]
)
