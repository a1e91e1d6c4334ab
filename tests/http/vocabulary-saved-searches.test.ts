import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { centres, savedSearches, users } from '#db/schema'
import { saveSearch } from '~/modules/notifications/notifications.server'
import { startApp, type TestApp } from './app'

/**
 * A change in the vocabulary console reaches searches saved before it (ADR 084): a concept added
 * gives the searches whose words are its label the concept; removing it takes it away again.
 */
let app: TestApp
let managerCookie: string
beforeAll(async () => {
  app = await startApp()
  managerCookie = await app.cookieFor('manager@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

test('a concept added in the console gives an earlier saved search whose words name it the concept; removing the concept takes it away', async () => {
  const { db } = (await globalThis.__viertelDatabase)!
  const [member] = await db.select().from(users).where(eq(users.email, 'member@lagerhaus.test'))
  const [centre] = await db.select().from(centres).where(eq(centres.slug, 'lagerhaus'))
  const saved = await saveSearch(db, member!.id, centre!.id, { words: 'Glasurspritze', kind: null, category: null }, { language: 'de' })
  expect(saved.concepts).toEqual([])

  const added = await app.postForm(
    '/c/lagerhaus/manage/vocabulary',
    { intent: 'addConcept', category: 'tool', de: 'Glasurspritze', en: 'glaze sprayer' },
    managerCookie,
  )
  expect(added.status).toBe(302)
  const key = new URL(added.headers.get('location')!, 'http://localhost').searchParams.get('q')!
  expect(key).toBe('glaze-sprayer')
  const [after] = await db.select().from(savedSearches).where(eq(savedSearches.id, saved.id))
  expect(after!.concepts).toEqual([key])

  const removed = await app.postForm('/c/lagerhaus/manage/vocabulary', { intent: 'removeConcept', concept: key }, managerCookie)
  expect(removed.status).toBe(302)
  const [gone] = await db.select().from(savedSearches).where(eq(savedSearches.id, saved.id))
  expect(gone!.concepts).toEqual([])
})
