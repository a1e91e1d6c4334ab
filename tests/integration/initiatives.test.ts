import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { auditLog, emailOutbox, initiativeMembers, initiatives, notifications } from '#db/schema'
import {
  applyWithNewInitiative,
  initiativeNameTaken,
  CARD_DESCRIPTION_CHARS,
  initiativeCards,
  listActiveInitiatives,
  countOpenApplications,
  decideApplication,
  listApplications,
  listMembers,
  makeOwner,
  removeMember,
} from '~/modules/initiatives/initiatives.server'
import { setPreference } from '~/modules/notifications/notifications.server'
import { JoinSchema } from '~/modules/initiatives/schemas'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'
import { openDatabase } from '../../db/connect'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const ORIGIN = 'https://viertel.example'
const profile = (name: string) => ({
  name,
  kind: 'association' as const,
  sector: 'Kultur',
  description: 'Wir machen Musik.',
})

async function setup() {
  const db = database.db
  const centre = await makeCentre(db, { name: 'Haus am Hafen' })
  const manager = await makeManager(db, centre.id, { locale: 'en' })
  const applicant = await makeUser(db, { locale: 'fr' })
  return { db, centre, manager, applicant }
}

describe('applying to a centre', () => {
  it('creates an applied initiative owned by the applicant, audits it and e-mails every manager in their language', async () => {
    const { db, centre, manager, applicant } = await setup()
    const second = await makeManager(db, centre.id, { locale: 'de' })
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Hafen Chor'),
      message: 'Wir proben dienstags.',
      origin: ORIGIN,
    })
    expect(initiative).toMatchObject({
      status: 'applied',
      slug: 'hafen-chor',
      centreId: centre.id,
      createdBy: applicant.id,
    })
    expect(initiative.applicationMessage).toBe('Wir proben dienstags.')
    const members = await db.select().from(initiativeMembers).where(eq(initiativeMembers.initiativeId, initiative.id))
    expect(members).toEqual([expect.objectContaining({ userId: applicant.id, role: 'owner', centreId: centre.id })])
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit.map((a) => a.action)).toEqual(['application.submitted'])
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.centreId, centre.id))
    expect(mails.map((m) => m.toAddress).sort()).toEqual([manager.email, second.email].sort())
    const english = mails.find((m) => m.toAddress === manager.email)!
    expect(english.subject).toBe('New application at Haus am Hafen: Hafen Chor')
    expect(english.text).toContain(`${ORIGIN}/c/${centre.slug}/manage/applications`)
    expect(english.text).toContain('Wir proben dienstags.')
    expect(english.kind).toBe('application.received')
    expect(mails.find((m) => m.toAddress === second.email)!.subject).toBe(
      'Neue Bewerbung bei Haus am Hafen: Hafen Chor',
    )
    expect(await countOpenApplications(db, centre.id)).toBe(1)
  })

  it('gives each initiative of a centre its own slug (suffix on clash); other centres may reuse it', async () => {
    const { db, centre, applicant } = await setup()
    await makeInitiative(db, centre.id, { slug: 'radwerk', name: 'Radwerk' })
    const first = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Radwerk'),
      origin: ORIGIN,
    })
    const second = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Radwerk!'),
      origin: ORIGIN,
    })
    expect([first.slug, second.slug]).toEqual(['radwerk-2', 'radwerk-3'])
    const other = await makeCentre(db)
    const elsewhere = await applyWithNewInitiative(db, {
      user: applicant,
      centre: other,
      profile: profile('Radwerk'),
      origin: ORIGIN,
    })
    expect(elsewhere.slug).toBe('radwerk')
    const umlauts = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Grüße aus Köln'),
      origin: ORIGIN,
    })
    expect(umlauts.slug).toBe('gruesse-aus-koeln')
    const symbols = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('★★'),
      origin: ORIGIN,
    })
    expect(symbols.slug).toBe('initiative')
  })

  it('knows a name another initiative of the centre goes by, in any case and spacing; not of rejected or departed ones, other centres, or itself', async () => {
    const { db, centre } = await setup()
    const radwerk = await makeInitiative(db, centre.id, { name: 'Radwerk Kollektiv', status: 'active' })
    await makeInitiative(db, centre.id, { name: 'Altes Atelier', status: 'rejected' })
    await makeInitiative(db, centre.id, { name: 'Weggezogen', status: 'left' })
    await makeInitiative(db, centre.id, { name: 'Im Antrag', status: 'applied' })
    await makeInitiative(db, centre.id, { name: 'Pausiert', status: 'suspended' })
    for (const name of ['Radwerk Kollektiv', 'radwerk  KOLLEKTIV', ' Radwerk\tKollektiv ', 'Ｒａｄｗｅｒｋ Kollektiv', 'im antrag', 'PAUSIERT']) {
      expect(await initiativeNameTaken(db, centre.id, name), name).toBe(true)
    }
    for (const name of ['Radwerk Kollektiv Nord', 'Altes Atelier', 'weggezogen', 'Radwerk']) {
      expect(await initiativeNameTaken(db, centre.id, name), name).toBe(false)
    }
    expect(await initiativeNameTaken(db, centre.id, 'radwerk kollektiv', radwerk.id), 'its own name, recased').toBe(false)
    expect(await initiativeNameTaken(db, (await makeCentre(db)).id, 'Radwerk Kollektiv'), 'another centre').toBe(false)
  })

  it('ignores fields that are not part of the form (status, centreId, role)', async () => {
    const { db, centre, applicant } = await setup()
    const other = await makeCentre(db)
    const form = new URLSearchParams({
      name: 'Sneaky',
      kind: 'project',
      status: 'active',
      centreId: other.id,
      role: 'member',
      createdBy: applicant.id,
    })
    const submission = parseForm(form, JoinSchema)
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(Object.keys(submission.value).sort()).toEqual(['kind', 'name'])
    const { message, ...values } = submission.value
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: values,
      message,
      origin: ORIGIN,
    })
    expect(initiative.status).toBe('applied')
    expect(initiative.centreId).toBe(centre.id)
  })

  it('refuses bad input in the join form with field errors', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ kind: 'project' }, 'name', 'validation.required'],
      [{ name: 'x'.repeat(101), kind: 'project' }, 'name', 'validation.tooLong?maximum=100'],
      [{ name: 'Good', kind: 'banana' }, 'kind', 'validation.choice'],
      [{ name: 'Good', kind: 'project', website: 'javascript:alert(1)' }, 'website', 'validation.url'],
      [{ name: 'Good', kind: 'project', contactEmail: 'not-an-email' }, 'contactEmail', 'validation.email'],
      [{ name: 'Good', kind: 'project', message: 'x'.repeat(2001) }, 'message', 'validation.tooLong?maximum=2000'],
    ]
    for (const [fields, field, key] of cases) {
      const submission = parseForm(new URLSearchParams(fields), JoinSchema)
      expect(submission.status, JSON.stringify(fields)).toBe('error')
      expect(submission.reply().error?.[field], JSON.stringify(fields)).toEqual([key])
    }
  })
})

describe('deciding applications', () => {
  it('admits: records who and when, writes the audit log and e-mails the owners in their language', async () => {
    const { db, centre, manager, applicant } = await setup()
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Chor'),
      origin: ORIGIN,
    })
    const before = Date.now()
    const outcome = await decideApplication(db, {
      centre,
      initiativeId: initiative.id,
      actor: manager,
      decision: 'admit',
      message: 'Willkommen im Haus!',
    })
    expect(outcome.ok).toBe(true)
    const [row] = await db.select().from(initiatives).where(eq(initiatives.id, initiative.id))
    expect(row).toMatchObject({ status: 'active', decidedBy: manager.id, decisionMessage: 'Willkommen im Haus!' })
    expect(row!.decidedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, initiative.id), eq(auditLog.action, 'application.admitted')))
    expect(audit).toEqual([
      expect.objectContaining({ actorId: manager.id, centreId: centre.id, subjectType: 'initiative' }),
    ])
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, applicant.email))
    expect(mails).toHaveLength(1)
    const [mail] = mails
    expect(mail).toMatchObject({ toAddress: applicant.email, centreId: centre.id, kind: 'notification.application.decided' })
    expect(mail!.subject).toBe('« Chor » est admise à Haus am Hafen')
    expect(mail!.text).toContain('Vous pouvez maintenant publier des offres et des besoins.')
    expect(mail!.text).toContain('Message de l’équipe :\nWillkommen im Haus!')
    expect(mail!.text).toContain(`/c/${centre.slug}/initiatives/${initiative.slug}`)
    const { open, decided } = await listApplications(db, centre.id)
    expect(open).toEqual([])
    expect(decided[0]).toMatchObject({ id: initiative.id, deciderName: manager.name, status: 'active' })
  })

  it('rejects with a message; a second decision is refused and changes nothing', async () => {
    const { db, centre, manager, applicant } = await setup()
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Zweimal'),
      origin: ORIGIN,
    })
    const first = await decideApplication(db, {
      centre,
      initiativeId: initiative.id,
      actor: manager,
      decision: 'reject',
      message: 'Leider kein Platz.',
    })
    expect(first.ok).toBe(true)
    const other = await makeManager(db, centre.id)
    const second = await decideApplication(db, {
      centre,
      initiativeId: initiative.id,
      actor: other,
      decision: 'admit',
    })
    expect(second).toEqual({ ok: false, error: 'alreadyDecided', status: 'rejected' })
    const [row] = await db.select().from(initiatives).where(eq(initiatives.id, initiative.id))
    expect(row).toMatchObject({ status: 'rejected', decidedBy: manager.id, decisionMessage: 'Leider kein Platz.' })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit.map((a) => a.action).sort()).toEqual(['application.rejected', 'application.submitted'])
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, applicant.email))
    expect(mails.map((m) => m.kind)).toEqual(['notification.application.decided'])
    expect(mails[0]!.subject).toBe('Haus am Hafen n’a pas admis « Zweimal »')
    expect(mails[0]!.text).toContain('Leider kein Platz.')
    const told = await db.select().from(notifications).where(eq(notifications.userId, applicant.id))
    expect(told.map((n) => [n.kind, n.payload.variant])).toEqual([['application.decided', 'rejected']])
  })

  it('tells every owner in the app and by e-mail as each chose; members who are not owners and managers hear nothing', async () => {
    const { db, centre, manager, applicant } = await setup()
    const initiative = await applyWithNewInitiative(db, { user: applicant, centre, profile: profile('Viele'), origin: ORIGIN })
    const quiet = await makeUser(db, { locale: 'de' })
    const digest = await makeUser(db, { locale: 'nl' })
    const plainMember = await makeUser(db)
    await addMember(db, initiative, quiet.id, 'owner')
    await addMember(db, initiative, digest.id, 'owner')
    await addMember(db, initiative, plainMember.id, 'member')
    // (a manager who belongs to the initiative does not decide its application: manager-rules.test.ts)
    const colleague = await makeManager(db, centre.id)
    await setPreference(db, quiet.id, 'application.decided', 'never')
    await setPreference(db, digest.id, 'application.decided', 'weekly')
    const before = await db.select().from(emailOutbox)
    const outcome = await decideApplication(db, { centre, initiativeId: initiative.id, actor: manager, decision: 'admit' })
    expect(outcome.ok).toBe(true)

    const told = await db.select().from(notifications).where(eq(notifications.kind, 'application.decided'))
    const mine = told.filter((n) => n.payload.initiative === 'Viele')
    expect(Object.fromEntries(mine.map((n) => [n.userId, n.delivery]))).toEqual({
      [applicant.id]: 'immediate',
      [quiet.id]: 'never',
      [digest.id]: 'weekly',
    })
    expect(mine.every((n) => n.centreId === centre.id && n.payload.variant === 'admitted' && n.payload.note === null)).toBe(true)
    for (const nobody of [plainMember.id, manager.id, colleague.id]) {
      expect(await db.select().from(notifications).where(eq(notifications.userId, nobody))).toEqual([])
    }
    // one e-mail, to the one owner who wants them at once; the weekly one waits for the digest
    const after = await db.select().from(emailOutbox)
    const sent = after.filter((m) => !before.some((b) => b.id === m.id))
    expect(sent.map((m) => m.toAddress)).toEqual([applicant.email])
    expect(sent[0]!.text).not.toContain('Message de l’équipe')
  })

  it('cannot decide an application of another centre (not found, nothing changes)', async () => {
    const { db, centre, applicant } = await setup()
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Fremd'),
      origin: ORIGIN,
    })
    const otherCentre = await makeCentre(db)
    const otherManager = await makeManager(db, otherCentre.id)
    const outcome = await decideApplication(db, {
      centre: otherCentre,
      initiativeId: initiative.id,
      actor: otherManager,
      decision: 'admit',
    })
    expect(outcome).toEqual({ ok: false, error: 'notFound' })
    const [row] = await db.select().from(initiatives).where(eq(initiatives.id, initiative.id))
    expect(row!.status).toBe('applied')
  })

  it('of two managers deciding at the same moment exactly one wins (PostgreSQL)', async (context) => {
    if (!onPostgres()) {
      console.log('skipped on PGlite: concurrent decisions need a real PostgreSQL server (set DATABASE_URL)')
      context.skip()
    }
    const { db, centre, manager, applicant } = await setup()
    const second = await makeManager(db, centre.id)
    const initiative = await applyWithNewInitiative(db, {
      user: applicant,
      centre,
      profile: profile('Gleichzeitig'),
      origin: ORIGIN,
    })
    const a = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
    const b = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
    try {
      const results = await Promise.all([
        decideApplication(a.db, {
          centre,
          initiativeId: initiative.id,
          actor: manager,
          decision: 'admit',
        }),
        decideApplication(b.db, {
          centre,
          initiativeId: initiative.id,
          actor: second,
          decision: 'reject',
        }),
      ])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ error: 'alreadyDecided' })])
      const decisions = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, initiative.id)))
      expect(decisions.filter((d) => d.action !== 'application.submitted')).toHaveLength(1)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('members', () => {
  it('removes a member and audits it; the last owner cannot be removed', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id)
    const owner = await makeUser(db)
    const colleague = await makeUser(db)
    await addMember(db, initiative, owner.id, 'owner')
    await addMember(db, initiative, colleague.id, 'member')

    expect(
      await removeMember(db, { centreId: centre.id, initiativeId: initiative.id, userId: owner.id, actorId: owner.id }),
    ).toEqual({
      ok: false,
      error: 'lastOwner',
    })
    expect(
      await removeMember(db, {
        centreId: centre.id,
        initiativeId: initiative.id,
        userId: colleague.id,
        actorId: owner.id,
      }),
    ).toEqual({ ok: true })
    expect((await listMembers(db, initiative.id)).map((m) => m.userId)).toEqual([owner.id])
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'member.removed',
        actorId: owner.id,
        details: { userId: colleague.id, role: 'member' },
      }),
    ])
    // someone who is not a member, or an initiative of another centre: not found
    expect(
      await removeMember(db, {
        centreId: centre.id,
        initiativeId: initiative.id,
        userId: colleague.id,
        actorId: owner.id,
      }),
    ).toEqual({ ok: false, error: 'notFound' })
    const other = await makeCentre(db)
    expect(
      await removeMember(db, { centreId: other.id, initiativeId: initiative.id, userId: owner.id, actorId: owner.id }),
    ).toEqual({
      ok: false,
      error: 'notFound',
    })
  })

  it('an owner hands the initiative on: makes a member an owner (audited), then may leave; the only person cannot leave', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id)
    const owner = await makeUser(db)
    const colleague = await makeUser(db)
    await addMember(db, initiative, owner.id, 'owner')
    const leave = (userId: string) => removeMember(db, { centreId: centre.id, initiativeId: initiative.id, userId, actorId: userId })
    // alone: the only person
    expect(await leave(owner.id)).toEqual({ ok: false, error: 'lastMember' })
    await addMember(db, initiative, colleague.id, 'member')
    expect(await leave(owner.id)).toEqual({ ok: false, error: 'lastOwner' })
    expect(await makeOwner(db, { centreId: centre.id, initiativeId: initiative.id, userId: colleague.id, actorId: owner.id })).toEqual({ ok: true })
    // an owner already, a stranger, or another centre's: not found
    expect(await makeOwner(db, { centreId: centre.id, initiativeId: initiative.id, userId: colleague.id, actorId: owner.id })).toEqual({ ok: false, error: 'notFound' })
    expect(await makeOwner(db, { centreId: centre.id, initiativeId: initiative.id, userId: (await makeUser(db)).id, actorId: owner.id })).toEqual({ ok: false, error: 'notFound' })
    expect(await makeOwner(db, { centreId: (await makeCentre(db)).id, initiativeId: initiative.id, userId: colleague.id, actorId: owner.id })).toEqual({ ok: false, error: 'notFound' })
    expect(await leave(owner.id)).toEqual({ ok: true })
    expect((await listMembers(db, initiative.id)).map((m) => [m.userId, m.role])).toEqual([[colleague.id, 'owner']])
    const audit = await db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.subjectId, initiative.id))
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'member.made_owner', details: { userId: colleague.id } },
        { action: 'member.removed', details: { userId: owner.id, role: 'owner' } },
      ]),
    )
  })

  it('an owner can go when another owner stays', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id)
    const [a, b] = [await makeUser(db), await makeUser(db)]
    await addMember(db, initiative, a.id, 'owner')
    await addMember(db, initiative, b.id, 'owner')
    expect(
      await removeMember(db, { centreId: centre.id, initiativeId: initiative.id, userId: a.id, actorId: a.id }),
    ).toEqual({ ok: true })
    expect(
      await removeMember(db, { centreId: centre.id, initiativeId: initiative.id, userId: b.id, actorId: b.id }),
    ).toEqual({
      ok: false,
      error: 'lastMember',
    })
  })

  it('two owners removing each other at once never leave the initiative without an owner (PostgreSQL)', async (context) => {
    if (!onPostgres()) {
      console.log('skipped on PGlite: concurrent removals need a real PostgreSQL server (set DATABASE_URL)')
      context.skip()
    }
    const db = database.db
    const centre = await makeCentre(db)
    const initiative = await makeInitiative(db, centre.id)
    const [a, b] = [await makeUser(db), await makeUser(db)]
    await addMember(db, initiative, a.id, 'owner')
    await addMember(db, initiative, b.id, 'owner')
    const x = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
    const y = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 })
    try {
      await Promise.all([
        removeMember(x.db, { centreId: centre.id, initiativeId: initiative.id, userId: b.id, actorId: a.id }),
        removeMember(y.db, { centreId: centre.id, initiativeId: initiative.id, userId: a.id, actorId: b.id }),
      ])
      const owners = (await listMembers(db, initiative.id)).filter((m) => m.role === 'owner')
      expect(owners).toHaveLength(1)
    } finally {
      await x.close()
      await y.close()
    }
  })
})

describe('the centre page’s initiative cards', () => {
  it('carry the active initiatives with as much of the description as a card shows, in name order', async () => {
    const db = database.db
    const centre = await makeCentre(db)
    const long = 'Wir reparieren Fahrräder. '.repeat(150) // 3,900 characters
    const b = await makeInitiative(db, centre.id, { name: 'Bäckerei', status: 'active', description: long })
    const a = await makeInitiative(db, centre.id, { name: 'Atelier', status: 'active', description: 'kurz' })
    await makeInitiative(db, centre.id, { name: 'Beworben', status: 'applied' })
    const cards = await initiativeCards(db, centre.id)
    expect(cards.map((c) => c.id)).toEqual([a.id, b.id])
    expect(cards[0]!.description).toBe('kurz')
    expect(cards[1]!.description).toBe(long.slice(0, CARD_DESCRIPTION_CHARS))
    // the same initiatives as the full list, which keeps whole descriptions
    const full = await listActiveInitiatives(db, centre.id)
    expect(full.map((i) => i.id)).toEqual(cards.map((c) => c.id))
    expect(full[1]!.description).toBe(long)
  })
})
