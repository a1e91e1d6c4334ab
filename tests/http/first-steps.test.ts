import { afterAll, beforeAll, expect, test } from 'vitest'
import { makeUser } from '#db/factories'
import { centreStaff } from '#db/schema'
import { createCentre } from '~/modules/centres/centres.server'
import { startApp, type TestApp } from './app'

/**
 * The manager's dashboard shows the first steps for a centre the admin just created, not for the
 * demo Lagerhaus (all done); a manager may hide the list in this browser and bring it back.
 */
let app: TestApp
let managerCookie: string
beforeAll(async () => {
  app = await startApp()
  const { db } = (await globalThis.__viertelDatabase)!
  const admin = await makeUser(db, { isAdmin: true })
  const manager = await makeUser(db, { email: 'erste-schritte@example.test' })
  const fresh = await createCentre(db, admin.id, { slug: 'neues-haus', name: 'Neues Haus', city: 'Gent', country: 'BE', hourValueCents: 2250 })
  await db.insert(centreStaff).values({ centreId: fresh.id, userId: manager.id })
  managerCookie = await app.cookieFor('erste-schritte@example.test')
}, 120_000)
afterAll(() => app.close())

const html = async (response: Response) => {
  expect(response.status).toBe(200)
  return response.text()
}

test('a new centre’s dashboard lists the first steps, each linking to where it is done', async () => {
  const page = await html(await app.fetch('/c/neues-haus/manage', { headers: { Cookie: managerCookie } }))
  expect(page).toContain('id="first-steps-heading"')
  expect(page).toContain('0 von 5 erledigt')
  for (const href of ['/c/neues-haus/manage/settings', '/c/neues-haus/manage/import', '/c/neues-haus/manage/applications', '/c/neues-haus/listings']) {
    expect(page).toContain(`href="${href}"`)
  }
  // the values a new centre starts with, to check
  expect(page).toMatch(/Eine Stunde ist jetzt 22,50\s€ wert/)
})

test('the demo Lagerhaus is set up: no first steps on its dashboard', async () => {
  const page = await html(await app.fetch('/c/lagerhaus/manage', { headers: { Cookie: await app.cookieFor('manager@lagerhaus.test') } }))
  expect(page).toContain('Übersicht – Kulturzentrum Lagerhaus')
  expect(page).not.toContain('id="first-steps-heading"')
  expect(page).not.toContain('Erste Schritte')
})

test('a manager hides the list in this browser and shows it again; others may not', async () => {
  const hidden = await app.postForm('/c/neues-haus/manage?index', { intent: 'hideFirstSteps' }, managerCookie)
  expect(hidden.status).toBe(302)
  const setCookie = hidden.headers.getSetCookie().find((c) => c.startsWith('viertel_first_steps_hidden='))
  expect(setCookie).toBeDefined()
  const withHidden = `${managerCookie}; ${setCookie!.split(';')[0]}`
  const page = await html(await app.fetch('/c/neues-haus/manage', { headers: { Cookie: withHidden } }))
  expect(page).not.toContain('id="first-steps-heading"')
  expect(page).toContain('Erste Schritte wieder zeigen')

  const shown = await app.postForm('/c/neues-haus/manage?index', { intent: 'showFirstSteps' }, withHidden)
  expect(shown.status).toBe(302)
  const cleared = shown.headers.getSetCookie().find((c) => c.startsWith('viertel_first_steps_hidden='))!
  const again = await html(await app.fetch('/c/neues-haus/manage', { headers: { Cookie: `${managerCookie}; ${cleared.split(';')[0]}` } }))
  expect(again).toContain('id="first-steps-heading"')

  // an unknown intent is a 400; a manager of another centre and a member are refused
  expect((await app.postForm('/c/neues-haus/manage?index', { intent: 'sudo' }, managerCookie)).status).toBe(400)
  expect((await app.postForm('/c/neues-haus/manage?index', { intent: 'hideFirstSteps' }, await app.cookieFor('manager@lagerhaus.test'))).status).toBe(403)
  expect((await app.postForm('/c/neues-haus/manage?index', { intent: 'hideFirstSteps' }, await app.cookieFor('member@lagerhaus.test'))).status).toBe(403)
})
