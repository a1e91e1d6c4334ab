import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeUser } from '#db/factories'
import { auditLog, centres, centreStaff, emailOutbox } from '#db/schema'
import {
  createCentre,
  isCentreManager,
  listAllCentreManagers,
  removeManager,
  SlugTakenError,
} from '~/modules/centres/centres.server'
import { appointManagerByEmail } from '~/modules/centres/manager-invitations.server'
import { AppointManagerSchema, CreateCentreSchema } from '~/modules/centres/schemas'
import { enqueueEmail, listOutbox } from '~/modules/notifications/outbox.server'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const ORIGIN = 'https://viertel.example'

describe('platform admin: centres', () => {
  it('creates a centre with an audit row; a taken slug is refused and nothing is written', async () => {
    const db = database.db
    const admin = await makeUser(db, { isAdmin: true })
    const centre = await createCentre(db, admin.id, {
      slug: 'neues-haus',
      name: 'Neues Haus',
      city: 'Gent',
      country: 'BE',
      languages: ['nl', 'fr'],
      moderationMode: 'pre',
      hourValueCents: 2250,
    })
    expect(centre).toMatchObject({
      slug: 'neues-haus',
      moderationMode: 'pre',
      hourValueCents: 2250,
      languages: ['nl', 'fr'],
    })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, centre.id))
    expect(audit).toEqual([
      expect.objectContaining({ action: 'centre.created', actorId: admin.id, centreId: centre.id }),
    ])

    await expect(
      createCentre(db, admin.id, { slug: 'neues-haus', name: 'Doppelt', city: 'Gent', country: 'BE' }),
    ).rejects.toBeInstanceOf(SlugTakenError)
    expect(await db.select().from(centres).where(eq(centres.name, 'Doppelt'))).toEqual([])
  })

  it('parses the form: euros to cents, languages as a list, bad values as field errors', () => {
    const ok = parseForm(
      new URLSearchParams([
        ['intent', 'createCentre'],
        ['slug', 'haus-2'],
        ['name', 'Haus Zwei'],
        ['city', 'Lille'],
        ['country', 'fr'],
        ['moderationMode', 'post'],
        ['hourValueEuros', '22.5'],
        ['languages', 'fr'],
        ['isAdmin', 'on'],
      ]),
      CreateCentreSchema,
    )
    expect(ok.status).toBe('success')
    if (ok.status === 'success') {
      expect(ok.value).toMatchObject({ country: 'FR', hourValueEuros: 22.5, languages: ['fr'] })
      expect('isAdmin' in ok.value).toBe(false)
    }
    const bad = parseForm(
      new URLSearchParams({
        intent: 'createCentre',
        slug: 'Not A Slug',
        name: '',
        city: 'x'.repeat(101),
        country: 'Germany',
        moderationMode: 'sometimes',
        hourValueEuros: 'twenty',
      }),
      CreateCentreSchema,
    )
    expect(bad.status).toBe('error')
    expect(bad.reply().error).toMatchObject({
      slug: ['validation.slug'],
      name: ['validation.required'],
      city: ['validation.tooLong?maximum=100'],
      country: ['admin.errors.country'],
      moderationMode: ['validation.choice'],
      hourValueEuros: ['validation.number'],
      languages: ['validation.tooFew?minimum=1'],
    })
    const cents = parseForm(
      new URLSearchParams({
        intent: 'createCentre',
        slug: 'a-b',
        name: 'AB',
        city: 'C',
        country: 'DE',
        moderationMode: 'pre',
        hourValueEuros: '20,123',
        languages: 'de',
      }),
      CreateCentreSchema,
    )
    expect(cents.reply().error).toMatchObject({ hourValueEuros: ['admin.errors.cents'] })
    // numbers as people type them (a decimal comma), not as JavaScript reads them (hex, exponents);
    // a country is two Latin letters of a known region, as typed
    const centre = (hourValueEuros: string, country = 'DE') =>
      parseForm(
        new URLSearchParams({ intent: 'createCentre', slug: 'a-b', name: 'AB', city: 'C', country, moderationMode: 'pre', hourValueEuros, languages: 'de' }),
        CreateCentreSchema,
      )
    const comma = centre('12,50')
    expect(comma.status === 'success' && comma.value.hourValueEuros).toBe(12.5)
    for (const odd of ['0x10', '0b11', '1e3', 'Infinity']) expect(centre(odd).reply().error, odd).toMatchObject({ hourValueEuros: ['validation.number'] })
    for (const odd of ['ß', 'ıd', 'XX', 'ZZ', 'EU', 'D1']) expect(centre('20', odd).reply().error, odd).toMatchObject({ country: ['admin.errors.country'] })
    const be = centre('20', ' be ')
    expect(be.status === 'success' && be.value.country).toBe('BE')
    const tooDear = parseForm(
      new URLSearchParams({
        intent: 'createCentre',
        slug: 'a-b',
        name: 'AB',
        city: 'C',
        country: 'DE',
        moderationMode: 'pre',
        hourValueEuros: '5000',
        languages: 'xx',
      }),
      CreateCentreSchema,
    )
    expect(tooDear.reply().error).toMatchObject({ hourValueEuros: ['validation.tooBig?maximum=1000'] })
  })

  it('appoints a manager by e-mail (audited, e-mailed in their language), not twice, and removes them', async () => {
    const db = database.db
    const admin = await makeUser(db, { isAdmin: true })
    const centre = await makeCentre(db, { name: 'Werkhof' })
    const person = await makeUser(db, { locale: 'en' })
    const appointed = await appointManagerByEmail(db, {
      actor: admin,
      centre,
      email: person.email.toUpperCase(),
      origin: ORIGIN,
    })
    expect(appointed).toEqual({ ok: true, outcome: 'appointed', name: person.name })
    expect(await isCentreManager(db, centre.id, person.id)).toBe(true)
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, person.email))
    expect(mail!.subject).toBe('You now manage Werkhof')
    expect(mail!.text).toContain(`${ORIGIN}/c/${centre.slug}/manage`)
    expect(await appointManagerByEmail(db, { actor: admin, centre, email: person.email, origin: ORIGIN })).toEqual({
      ok: true,
      outcome: 'alreadyManager',
      name: person.name,
    })
    expect((await listAllCentreManagers(db)).filter((m) => m.centreId === centre.id).map((m) => m.userId)).toEqual([
      person.id,
    ])

    expect(await removeManager(db, admin.id, centre.id, person.id)).toBe(true)
    expect(await removeManager(db, admin.id, centre.id, person.id)).toBe(false)
    expect(await isCentreManager(db, centre.id, person.id)).toBe(false)
    const audit = await db.select().from(auditLog).where(eq(auditLog.centreId, centre.id))
    expect(audit.map((a) => a.action).sort()).toEqual(['manager.appointed', 'manager.removed'])
  })

  it('an unknown e-mail appoints nobody: it is invited (tests/integration/manager-invitations.test.ts)', async () => {
    const db = database.db
    const admin = await makeUser(db, { isAdmin: true })
    const centre = await makeCentre(db)
    expect(
      await appointManagerByEmail(db, { actor: admin, centre, email: 'nobody@example.test', origin: ORIGIN }),
    ).toMatchObject({ ok: true, outcome: 'invited', email: 'nobody@example.test' })
    expect(await db.select().from(centreStaff).where(eq(centreStaff.centreId, centre.id))).toEqual([])
    const bad = parseForm(
      new URLSearchParams({ intent: 'appoint', centreId: 'not-a-uuid', email: 'nope' }),
      AppointManagerSchema,
    )
    expect(bad.reply().error).toMatchObject({ centreId: ['validation.invalid'], email: ['validation.email'] })
  })
})

describe('the e-mail outbox', () => {
  it('queues e-mails as pending and lists them newest first', async () => {
    const db = database.db
    await enqueueEmail(db, { to: 'a@example.test', subject: 'First', text: 'one', kind: 'test' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await enqueueEmail(db, { to: 'b@example.test', subject: 'Second', text: 'two', kind: 'test' })
    const listed = (await listOutbox(db)).filter((m) => m.kind === 'test')
    expect(listed.map((m) => m.subject)).toEqual(['Second', 'First'])
    expect(listed.every((m) => m.status === 'pending')).toBe(true)
  })
})
