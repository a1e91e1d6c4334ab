import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { initiativeMembers, initiatives, users } from '#db/schema'
import { startApp, type TestApp } from './app'
import { decodeEntities, mainText, postForms } from './forms'

/**
 * Any member leaves an initiative on their own (before, only owners saw the button, and the last
 * owner was told to make someone else an owner, which nothing in Viertel could do). An owner makes
 * a member an owner, then may leave; the only person is told why they cannot.
 */
let app: TestApp
beforeAll(async () => {
  app = await startApp()
}, 120_000)
afterAll(() => app.close())

const PAGE = '/c/lagerhaus/initiatives/radwerk'
const get = async (cookie: string) => decodeEntities(await (await app.fetch(PAGE, { headers: { 'Accept-Language': 'de', cookie } })).text())
const idOf = async (email: string) => (await app.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id
const roleOf = async (email: string) => {
  const [initiative] = await app.db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.slug, 'radwerk'))
  const [row] = await app.db
    .select({ role: initiativeMembers.role })
    .from(initiativeMembers)
    .where(and(eq(initiativeMembers.initiativeId, initiative!.id), eq(initiativeMembers.userId, await idOf(email))))
  return row?.role ?? null
}

test('a member leaves; the last owner hands on first; the only person cannot leave', async () => {
  const owner = await app.cookieFor('member@lagerhaus.test')
  const colleague = await app.cookieFor('kollegin@lagerhaus.test')
  expect(await roleOf('kollegin@lagerhaus.test')).toBe('member')

  // the colleague (a member, not an owner) is offered to leave, and nothing else
  const theirs = postForms(await get(colleague), PAGE)
  expect(theirs.filter((f) => f.intents.includes('leave'))).toHaveLength(1)
  expect(theirs.some((f) => f.intents.includes('remove') || f.intents.includes('makeOwner'))).toBe(false)
  // nor may they make themselves an owner by a crafted post
  expect((await app.postForm(PAGE, { intent: 'makeOwner', userId: await idOf('kollegin@lagerhaus.test') }, colleague)).status).toBe(403)
  expect(await roleOf('kollegin@lagerhaus.test')).toBe('member')

  // the owner cannot leave while the last owner: told to hand on
  const refused = await app.postForm(PAGE, { intent: 'leave' }, owner)
  expect(refused.status).toBe(400)
  expect(mainText(decodeEntities(await refused.text()))).toContain('Du bist die letzte Inhaberin oder der letzte Inhaber.')
  expect(await roleOf('member@lagerhaus.test')).toBe('owner')

  // hands on: the colleague becomes an owner, then the owner leaves
  const form = postForms(await get(owner), PAGE).find((f) => f.intents.includes('makeOwner'))
  expect(form?.fields.find((f) => f.name === 'userId')?.value).toBe(await idOf('kollegin@lagerhaus.test'))
  // someone who is no member (left meanwhile): said, nothing changed
  const stranger = await app.postForm(PAGE, { intent: 'makeOwner', userId: await idOf('viertelklang@lagerhaus.test') }, owner)
  expect(stranger.status).toBe(409)
  expect(mainText(decodeEntities(await stranger.text()))).toContain('Diese Person gehört nicht mehr zur Initiative oder ist schon Inhaber:in.')
  expect(await roleOf('viertelklang@lagerhaus.test')).toBe(null)
  const promoted = await app.postForm(PAGE, { intent: 'makeOwner', userId: await idOf('kollegin@lagerhaus.test') }, owner)
  expect(promoted.status).toBe(302)
  expect(await roleOf('kollegin@lagerhaus.test')).toBe('owner')
  const left = await app.postForm(PAGE, { intent: 'leave' }, owner)
  expect(left.status).toBe(302)
  expect(left.headers.get('location')).toBe('/c/lagerhaus')
  expect(await roleOf('member@lagerhaus.test')).toBe(null)

  // the manager was a member too (demo data): they leave, and the colleague is the only person
  const manager = await app.cookieFor('manager@lagerhaus.test')
  if (await roleOf('manager@lagerhaus.test')) expect((await app.postForm(PAGE, { intent: 'leave' }, manager)).status).toBe(302)
  const alone = await app.postForm(PAGE, { intent: 'leave' }, colleague)
  expect(alone.status).toBe(400)
  expect(mainText(decodeEntities(await alone.text()))).toContain('You are the only person in this initiative and cannot leave it.') // in her language
  expect(await roleOf('kollegin@lagerhaus.test')).toBe('owner')

  // while the initiative is suspended nobody can be made an owner: told to talk to the centre
  await app.db.update(initiatives).set({ status: 'suspended' }).where(eq(initiatives.slug, 'radwerk'))
  const closed = await app.postForm(PAGE, { intent: 'leave' }, colleague)
  expect(closed.status).toBe(400)
  expect(mainText(decodeEntities(await closed.text()))).toContain('You are the last owner of this initiative, and it is not active now')
  await app.db.update(initiatives).set({ status: 'active' }).where(eq(initiatives.slug, 'radwerk'))
})
