import { and, asc, eq, ne } from 'drizzle-orm'
import { logHelpGiven, proposeExchange, transition } from '~/modules/exchanges/exchanges.server'
import { postExchange } from '~/modules/ledger/ledger.server'
import type { Tx } from '../connect'
import { exchangeEvents, exchangeMessages, exchanges, listings } from '../schema'
import type { FoundationSeed } from './foundation'

/**
 * Exchanges in every state in each demo centre, and a year of confirmed history written through
 * the exchanges and ledger modules (backdated), so initiative pages show balances and partners.
 * Radwerk Kollektiv (member@lagerhaus.test) has something waiting in every step.
 */
const DAY = 24 * 60 * 60 * 1000

/** A small deterministic PRNG: the demo looks the same on every start. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HISTORY: Record<string, { initiatives: string[]; titles: string[] }> = {
  lagerhaus: {
    initiatives: ['radwerk', 'viertelklang', 'druckerei-ostertor', 'sprachcafe'],
    titles: [
      'Lastenrad für das Hoffest repariert',
      'Plakate für das Sommerkonzert gedruckt',
      'Tontechnik beim Sprachcafé-Abend',
      'Übersetzung des Flyers ins Englische',
      'Fahrräder für die Sprachschüler:innen durchgesehen',
      'Bühne für die Lesung auf- und abgebaut',
      'Zines gebunden und geschnitten',
      'Hausaufgabenhilfe für Kinder aus der Werkstatt',
    ],
  },
  'oekozentrum-verden': {
    initiatives: ['solarbau', 'lehmwerkstatt', 'saatgut-archiv', 'umweltbildung'],
    titles: ['Lehmputz im Seminarraum ausgebessert', 'Solarmodul für das Gewächshaus montiert', 'Saatgut für den Schulgarten', 'Projekttag Energie begleitet'],
  },
  aucoop: {
    initiatives: ['tischlerei-kollektiv', 'buero-kooperative', 'kfz-selbsthilfe', 'biokantine'],
    titles: ['Lohnabrechnung für Azubis erstellt', 'Regale für die Kantine gebaut', 'Transporter durchgesehen', 'Mittagessen beim Ausbildungstag'],
  },
}

export async function seedExchanges(tx: Tx, foundation: FoundationSeed, now = new Date()) {
  const random = prng(20261125)
  const initiative = (key: string) => foundation.initiatives[key]!
  const owner = (key: string) => ({ id: foundation.users[`owner:${key}`]!.id })
  const manager = (centre: string) => ({ id: foundation.users[`manager:${centre}`]!.id })
  const ok = <T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> => {
    if (!result.ok) throw new Error(`demo exchange "${what}": ${JSON.stringify(result)}`)
    return result as Extract<T, { ok: true }>
  }
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY)
  const isoDay = (date: Date) => date.toISOString().slice(0, 10)

  /**
   * Logged by the provider, confirmed by the receiver two days later. The exchange and its two
   * events are inserted directly (fast: the demo seeds on first start); the ledger transaction is
   * written by the ledger module, backdated.
   */
  async function history(centre: string, from: string, to: string, title: string, daysAgo: number, minutes: number | null, valueCents: number | null) {
    const at = day(daysAgo)
    const confirmedAt = new Date(at.getTime() + 2 * DAY)
    const giver = initiative(`${centre}/${from}`)
    const taker = initiative(`${centre}/${to}`)
    const [exchange] = await tx
      .insert(exchanges)
      .values({
        centreId: giver.centreId,
        providerInitiativeId: giver.id,
        receiverInitiativeId: taker.id,
        proposerSide: 'provider',
        title,
        proposedMinutes: minutes,
        proposedValueCents: valueCents,
        actualMinutes: minutes,
        actualValueCents: valueCents,
        date: isoDay(at),
        state: 'confirmed',
        createdBy: owner(`${centre}/${from}`).id,
        createdAt: at,
        updatedAt: confirmedAt,
        completedAt: at,
        confirmedAt,
      })
      .returning()
    await tx.insert(exchangeEvents).values([
      { exchangeId: exchange!.id, centreId: giver.centreId, actorId: owner(`${centre}/${from}`).id, fromState: null, toState: 'completed', at },
      { exchangeId: exchange!.id, centreId: giver.centreId, actorId: owner(`${centre}/${to}`).id, fromState: 'completed', toState: 'confirmed', at: confirmedAt },
    ])
    await postExchange(tx, exchange!, { createdBy: owner(`${centre}/${to}`).id, occurredAt: confirmedAt })
    return exchange!
  }

  // A year of confirmed help in every centre.
  for (const [centre, spec] of Object.entries(HISTORY)) {
    const count = centre === 'lagerhaus' ? 24 : 8
    for (let i = 0; i < count; i++) {
      const involveRadwerk = centre === 'lagerhaus' && i % 2 === 0
      const pool = spec.initiatives
      const from = involveRadwerk && random() < 0.5 ? 'radwerk' : pool[Math.floor(random() * pool.length)]!
      let to = involveRadwerk && from !== 'radwerk' ? 'radwerk' : pool[Math.floor(random() * pool.length)]!
      if (to === from) to = pool[(pool.indexOf(from) + 1) % pool.length]!
      const minutes = 30 * (1 + Math.floor(random() * 12))
      const valueCents = random() < 0.3 ? 500 * (1 + Math.floor(random() * 20)) : null
      // spread over ~14 months, so that "last 12 months" and "all time" differ; the newest was
      // confirmed an hour ago, so the history ends today whenever the demo is started
      const spread = 8 + Math.floor(((i + random()) / count) * 420)
      const daysAgo = i === 0 ? 2 + 1 / 24 : spread
      await history(centre, from, to, spec.titles[i % spec.titles.length]!, daysAgo, minutes, valueCents)
    }
  }

  const listingOf = async (key: string, kind: 'offer' | 'need') => {
    const [row] = await tx
      .select({ id: listings.id })
      .from(listings)
      .where(
        and(
          eq(listings.initiativeId, initiative(key).id),
          eq(listings.kind, kind),
          eq(listings.status, 'active'),
          ne(listings.category, 'loan'),
        ),
      )
      .orderBy(asc(listings.createdAt))
      .limit(1)
    return row?.id ?? null
  }
  const say = async (exchangeId: string, key: string, body: string, daysAgo: number) => {
    await tx.insert(exchangeMessages).values({
      exchangeId,
      centreId: initiative(key).centreId,
      authorId: owner(key).id,
      authorInitiativeId: initiative(key).id,
      body,
      at: day(daysAgo),
    })
  }
  /** A proposal on the first active listing of that kind, when the listings seed made one. */
  async function open(centre: string, asker: string, listingOwner: string, kind: 'offer' | 'need', title: string, message: string, minutes: number) {
    const listingId = await listingOf(`${centre}/${listingOwner}`, kind)
    if (listingId) {
      return ok(
        await proposeExchange(tx, owner(`${centre}/${asker}`), initiative(`${centre}/${asker}`).centreId, {
          listingId,
          initiativeId: initiative(`${centre}/${asker}`).id,
          minutes,
          date: isoDay(day(-7)),
          message,
        }, { silent: true }),
        title,
      ).exchange
    }
    return null
  }

  // Lagerhaus, now: something in every state, most of it involving Radwerk.
  const L = 'lagerhaus'
  // proposed, waiting for Radwerk: Viertelklang asks for Radwerk's offer
  const askRadwerk = await open(L, 'viertelklang', 'radwerk', 'offer', 'Montageständer', 'Können wir den Montageständer für unser Bandfahrrad-Projekt leihen? Zwei Stunden reichen.', 120)
  if (askRadwerk) await say(askRadwerk.id, `${L}/radwerk`, 'Klar, wann passt es euch?', 1)
  // proposed by Radwerk, waiting for the Druckerei: Radwerk offers help for their need (or asks for their offer)
  await open(L, 'radwerk', 'druckerei-ostertor', 'offer', 'Risodruck', 'Wir bräuchten 200 Flyer für den Reparaturtag – wir reparieren dafür eure Lastenräder.', 90)
  // completed, waiting for Radwerk to confirm (Radwerk is notified, so the demo has a notification)
  const posters = ok(
    await logHelpGiven(tx, owner(`${L}/druckerei-ostertor`), initiative(`${L}/radwerk`).centreId, {
      initiativeId: initiative(`${L}/druckerei-ostertor`).id,
      receiverInitiativeId: initiative(`${L}/radwerk`).id,
      title: 'Plakate für den Reparaturtag',
      date: isoDay(day(3)),
      minutes: 150,
      valueCents: null,
      at: day(3),
    }),
    'posters',
  ).exchange
  // completed, waiting for Radwerk to confirm
  await say(posters.id, `${L}/druckerei-ostertor`, 'Die Plakate liegen bei uns im Regal. Passt das so?', 2)
  // disputed: Radwerk logged help for Viertelklang, who dispute the hours; the manager has it in the queue
  const disputed = ok(
    await logHelpGiven(tx, owner(`${L}/radwerk`), initiative(`${L}/radwerk`).centreId, {
      initiativeId: initiative(`${L}/radwerk`).id,
      receiverInitiativeId: initiative(`${L}/viertelklang`).id,
      title: 'Bandbus-Anhänger geschweißt',
      date: isoDay(day(6)),
      minutes: 360,
      valueCents: null,
      at: day(6),
    }, { silent: true }),
    'disputed',
  ).exchange
  ok(await transition(tx, owner(`${L}/viertelklang`), disputed.id, 'dispute', { reason: 'Wir hatten drei Stunden abgesprochen, nicht sechs.' }, { at: day(4), silent: true }), 'dispute')
  // accepted (waiting for Radwerk to do it), cancelled, declined, withdrawn
  const sprachHelp = await open(L, 'sprachcafe', 'radwerk', 'offer', 'Werkzeug', 'Dürfen wir den Montageständer für unseren Fahrradkurs nutzen?', 60)
  if (sprachHelp) ok(await transition(tx, owner(`${L}/radwerk`), sprachHelp.id, 'accept', {}, { at: day(2), silent: true }), 'accept')
  const cancelled = await open(L, 'viertelklang', 'druckerei-ostertor', 'offer', 'Druck', 'Könnt ihr unsere Konzertplakate drucken?', 120)
  if (cancelled) {
    ok(await transition(tx, owner(`${L}/druckerei-ostertor`), cancelled.id, 'accept', {}, { at: day(20), silent: true }), 'accept')
    ok(await transition(tx, owner(`${L}/viertelklang`), cancelled.id, 'cancel', { reason: 'Das Konzert fällt leider aus.' }, { at: day(15), silent: true }), 'cancel')
  }
  const declined = await open(L, 'druckerei-ostertor', 'radwerk', 'offer', 'Lastenrad', 'Könnt ihr uns morgen euer Lastenrad leihen?', 240)
  if (declined) ok(await transition(tx, owner(`${L}/radwerk`), declined.id, 'decline', { reason: 'Morgen ist es leider schon verliehen.' }, { at: day(12), silent: true }), 'decline')
  const withdrawn = await open(L, 'sprachcafe', 'druckerei-ostertor', 'offer', 'Druck', 'Wir bräuchten Einladungen für das Sommerfest.', 60)
  if (withdrawn) ok(await transition(tx, owner(`${L}/sprachcafe`), withdrawn.id, 'withdraw', {}, { at: day(30), silent: true }), 'withdraw')

  // The other centres: one open request, one waiting for confirmation, one dispute.
  for (const [centre, a, b] of [
    ['oekozentrum-verden', 'solarbau', 'lehmwerkstatt'],
    ['aucoop', 'buero-kooperative', 'tischlerei-kollektiv'],
  ] as const) {
    await open(centre, a, b, 'offer', 'Anfrage', 'Hättet ihr nächste Woche Zeit dafür?', 120)
    ok(
      await logHelpGiven(tx, owner(`${centre}/${b}`), initiative(`${centre}/${b}`).centreId, {
        initiativeId: initiative(`${centre}/${b}`).id,
        receiverInitiativeId: initiative(`${centre}/${a}`).id,
        title: HISTORY[centre]!.titles[0]!,
        date: isoDay(day(2)),
        at: day(2),
        minutes: 180,
        valueCents: null,
      }, { silent: true }),
      centre,
    )
    const dispute = ok(
      await logHelpGiven(tx, owner(`${centre}/${a}`), initiative(`${centre}/${a}`).centreId, {
        initiativeId: initiative(`${centre}/${a}`).id,
        receiverInitiativeId: initiative(`${centre}/${b}`).id,
        title: HISTORY[centre]!.titles[1]!,
        date: isoDay(day(9)),
        at: day(9),
        minutes: 240,
        valueCents: 8000,
      }, { silent: true }),
      centre,
    ).exchange
    ok(await transition(tx, owner(`${centre}/${b}`), dispute.id, 'dispute', { reason: 'Der Wert ist zu hoch angesetzt.' }, { at: day(7), silent: true }), 'dispute')
  }
  // One dispute already settled by the Lagerhaus manager, so the history shows how it ends.
  const settled = ok(
    await logHelpGiven(tx, owner(`${L}/sprachcafe`), initiative(`${L}/sprachcafe`).centreId, {
      initiativeId: initiative(`${L}/sprachcafe`).id,
      receiverInitiativeId: initiative(`${L}/radwerk`).id,
      title: 'Übersetzung der Werkstattregeln',
      date: isoDay(day(40)),
      minutes: 240,
      valueCents: null,
      at: day(40),
    }, { silent: true }),
    'settled',
  ).exchange
  ok(await transition(tx, owner(`${L}/radwerk`), settled.id, 'dispute', { reason: 'Es waren zwei Sprachen, nicht vier.' }, { at: day(38), silent: true }), 'settle')
  ok(await transition(tx, manager(L), settled.id, 'resolveConfirm', { reason: 'Nach Rücksprache: zwei Stunden.', minutes: 120 }, { at: day(35), silent: true }), 'settle')
}
