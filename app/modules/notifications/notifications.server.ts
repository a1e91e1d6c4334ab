import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { preparedQuery } from '#db/prepared'
import { centres, notificationPreferences, notifications, savedSearches, users } from '#db/schema'
import { conceptsNamed, namedIn } from '~/modules/listings/search.server'
import { currentThesaurus } from '~/modules/matching/vocabulary.server'
import type { Language } from '~/modules/matching/vocabulary'
import { DEFAULT_LOCALE, isLocale } from '~/utils/i18n'
import { DEFAULT_MODES, NOTIFICATION_KINDS, type NotificationKind, type NotificationMode } from './kinds'

/** The number shown on the bell. */
export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await preparedQuery(db, 'unread_count', (db) =>
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
      .prepare('unread_count'),
  ).execute({ userId })
  return row?.n ?? 0
}

export async function listNotifications(db: DbOrTx, userId: string, { limit = 50 } = {}) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      payload: notifications.payload,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      centreName: centres.name,
    })
    .from(notifications)
    .leftJoin(centres, eq(centres.id, notifications.centreId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
}

/** Marks one of the user's notifications read; another person's id changes nothing. */
export async function markRead(db: DbOrTx, userId: string, notificationId: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)))
    .returning({ id: notifications.id })
  return rows.length > 0
}

export async function markAllRead(db: DbOrTx, userId: string) {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
}

/** Every kind with the mode in force for this person (their choice, else the default). */
export async function getPreferences(db: DbOrTx, userId: string): Promise<Record<NotificationKind, NotificationMode>> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId))
  const modes = { ...DEFAULT_MODES }
  for (const row of rows) if ((NOTIFICATION_KINDS as readonly string[]).includes(row.kind)) modes[row.kind as NotificationKind] = row.mode
  return modes
}

export async function setPreference(db: DbOrTx, userId: string, kind: NotificationKind, mode: NotificationMode) {
  await db
    .insert(notificationPreferences)
    .values({ userId, kind, mode })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { mode, updatedAt: sql`now()` },
    })
}

export async function setPreferences(db: DbOrTx, userId: string, modes: Partial<Record<NotificationKind, NotificationMode>>) {
  for (const kind of NOTIFICATION_KINDS) {
    const mode = modes[kind]
    if (mode) await setPreference(db, userId, kind, mode)
  }
}

export async function getUserForUnsubscribe(db: DbOrTx, userId: string) {
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId))
  return user ?? null
}

// Saved searches -------------------------------------------------------------------------

export const MAX_SAVED_SEARCHES = 20
/** A saved search keeps at most this many concepts (the database checks it too). */
export const MAX_SEARCH_CONCEPTS = 20

export async function listSavedSearches(db: DbOrTx, userId: string) {
  return db
    .select({
      id: savedSearches.id,
      words: savedSearches.words,
      kind: savedSearches.kind,
      category: savedSearches.category,
      createdAt: savedSearches.createdAt,
      centreSlug: centres.slug,
      centreName: centres.name,
    })
    .from(savedSearches)
    .innerJoin(centres, eq(centres.id, savedSearches.centreId))
    .where(eq(savedSearches.userId, userId))
    .orderBy(desc(savedSearches.createdAt))
}

export class TooManySavedSearchesError extends Error {}

export async function saveSearch(
  db: DbOrTx,
  userId: string,
  centreId: string,
  search: { words: string; kind: 'offer' | 'need' | null; category: 'room' | 'tool' | 'skill' | 'loan' | 'other' | null },
  { language = 'de' }: { language?: Language } = {},
) {
  const words = search.words.trim()
  // The concepts the words name, read as the listings page read them for this person (ADR 084)
  const concepts = (await conceptsNamed(db, words, language)).slice(0, MAX_SEARCH_CONCEPTS)
  return db.transaction(async (tx) => {
    // The person's row is the lock: two saves at once (a double submit, two tabs) count one after
    // the other, so the cap holds.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update')
    const [row] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, userId))
    if ((row?.n ?? 0) >= MAX_SAVED_SEARCHES) throw new TooManySavedSearchesError()
    const [saved] = await tx
      .insert(savedSearches)
      .values({ userId, centreId, words, kind: search.kind, category: search.category, concepts })
      .returning()
    return saved!
  })
}

/**
 * Brings every saved search's concepts in line with the vocabulary (after a change in the
 * vocabulary console, and in `npm run concepts:apply`): a label added since it was saved, or a
 * concept removed. Read in the person's language, as when
 * saved. Returns how many changed.
 */
export async function refreshSavedSearchConcepts(db: DbOrTx, { batch = 500 }: { batch?: number } = {}): Promise<number> {
  const thesaurus = await currentThesaurus(db, { fresh: true })
  let changed = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await db
      .select({ id: savedSearches.id, words: savedSearches.words, concepts: savedSearches.concepts, locale: users.locale })
      .from(savedSearches)
      .innerJoin(users, eq(users.id, savedSearches.userId))
      .where(sql`${savedSearches.id} > ${after}`)
      .orderBy(savedSearches.id)
      .limit(batch)
    if (!rows.length) return changed
    after = rows[rows.length - 1]!.id
    const updates = rows.flatMap((row) => {
      const language = isLocale(row.locale) ? row.locale : DEFAULT_LOCALE
      const concepts = namedIn(thesaurus, row.words, language).slice(0, MAX_SEARCH_CONCEPTS)
      return concepts.join(',') === row.concepts.join(',') ? [] : [{ id: row.id, concepts }]
    })
    if (!updates.length) continue
    // the batch's changes in one statement
    await db.execute(sql`
      update saved_searches s set concepts = v.concepts
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id uuid, concepts text[])
       where s.id = v.id`)
    changed += updates.length
  }
}

/** Deletes one of the user's saved searches; another person's id deletes nothing. */
export async function deleteSavedSearch(db: DbOrTx, userId: string, searchId: string): Promise<boolean> {
  const rows = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, searchId), eq(savedSearches.userId, userId)))
    .returning({ id: savedSearches.id })
  return rows.length > 0
}
