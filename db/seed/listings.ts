import type { Tx } from '../connect'
import { auditLog, type ListingContent, type ListingDetails, listings, reports } from '../schema'
import { conceptColumns } from '~/modules/matching/listing-concepts.server'
import { seedThesaurus } from '~/modules/matching/thesaurus'
import { addDays, localDateOf } from '~/utils/time'
import type { FoundationSeed } from './foundation'

type Kind = 'offer' | 'need'
type Visibility = 'centre' | 'network' | 'public'

interface DemoListing {
  key: string
  initiative: string
  kind: Kind
  title: string
  description: string
  language?: 'de' | 'en' | 'fr' | 'nl'
  details: ListingDetails
  compensation?: 'reciprocal' | 'free' | 'swap' | 'paid'
  priceCents?: number
  visibility?: Visibility
  status?: 'active' | 'pending' | 'hidden' | 'paused'
  moderationReason?: string
  bookable?: boolean
  daysAgo: number
  /** when it is available, in days from the day the demo is seeded (so the demo stays current) */
  window?: [number, number]
  /** A listing a manager approved in another form, changed since and waiting again (ADR 059). */
  approvedAs?: Partial<Pick<DemoListing, 'title' | 'description' | 'visibility'>>
}

/**
 * Listings of every kind and category in each demo centre, mostly German, some English, French
 * and Dutch; some visible to the whole network; two new ones waiting in the pre-moderated
 * Ökozentrum Verden and one changed there since its approval; one hidden with a reason; a room
 * and a tool that can be booked by the slot.
 */
const LISTINGS: DemoListing[] = [
  // Kulturzentrum Lagerhaus (post-moderation)
  {
    key: 'lagerhaus/montagestaender',
    initiative: 'lagerhaus/radwerk',
    kind: 'offer',
    title: 'Montageständer und Fahrradwerkzeug zu verleihen',
    description: 'Profi-Montageständer mit Werkzeugsatz (Zentrierständer, Kettenpeitsche, Drehmomentschlüssel). Abholung im Hof, Einweisung inklusive.',
    details: { category: 'tool', condition: 'good', depositCents: 2000 },
    visibility: 'network',
    bookable: true,
    daysAgo: 21,
  },
  {
    key: 'lagerhaus/lagerraum',
    initiative: 'lagerhaus/radwerk',
    kind: 'need',
    title: 'Trockener Lagerraum für Ersatzteile gesucht',
    description: 'Wir suchen für die nächsten Monate einen trockenen, abschließbaren Raum für Reifen und Ersatzteile, etwa 10 bis 15 m².',
    details: { category: 'room', capacity: 2, areaSqm: 15, equipment: [] },
    daysAgo: 9,
    window: [-9, 120],
  },
  {
    key: 'lagerhaus/buchhaltung',
    initiative: 'lagerhaus/radwerk',
    kind: 'need',
    title: 'Hilfe bei der Buchhaltung gesucht',
    description: 'Unser Kollektiv braucht Unterstützung beim Jahresabschluss und bei der Umsatzsteuer-Voranmeldung. Wir geben gern Reparaturstunden zurück.',
    details: { category: 'skill', estimatedHours: 10 },
    visibility: 'network',
    daysAgo: 4,
  },
  {
    key: 'lagerhaus/proberaum',
    initiative: 'lagerhaus/viertelklang',
    kind: 'offer',
    title: 'Proberaum mit PA-Anlage',
    description: 'Schallgedämmter Proberaum im Keller, abends und am Wochenende frei. Schlagzeug und Verstärker vorhanden.',
    details: { category: 'room', capacity: 8, areaSqm: 30, equipment: ['PA-Anlage', 'Schlagzeug', 'Verstärker'] },
    visibility: 'network',
    bookable: true,
    daysAgo: 30,
  },
  {
    key: 'lagerhaus/tontechnik',
    initiative: 'lagerhaus/viertelklang',
    kind: 'offer',
    title: 'Tontechnik für Veranstaltungen',
    description: 'Wir betreuen den Ton bei Lesungen, Konzerten und Versammlungen – mit eigener Anlage.',
    details: { category: 'skill', estimatedHours: 6 },
    compensation: 'paid',
    priceCents: 15000,
    daysAgo: 14,
  },
  {
    key: 'lagerhaus/risodruck',
    initiative: 'lagerhaus/druckerei-ostertor',
    kind: 'offer',
    title: 'Risodruck für Plakate und Flyer',
    description: 'Zweifarbiger Risodruck bis A3 für Initiativen im Haus. Gern im Tausch gegen Hilfe bei Veranstaltungen.',
    details: { category: 'skill', estimatedHours: 3 },
    compensation: 'swap',
    visibility: 'public',
    daysAgo: 18,
  },
  {
    key: 'lagerhaus/schneidemaschine',
    initiative: 'lagerhaus/druckerei-ostertor',
    kind: 'need',
    title: 'Kleinkredit für eine gebrauchte Schneidemaschine',
    description: 'Eine gebrauchte Stapelschneidemaschine kostet 2.500 €. Wir zahlen in 24 Monatsraten zurück.',
    details: { category: 'loan', amountCents: 250_000, termMonths: 24, interestRateBasisPoints: 0 },
    daysAgo: 7,
  },
  {
    key: 'lagerhaus/druckerpatronen',
    initiative: 'lagerhaus/druckerei-ostertor',
    kind: 'offer',
    title: 'Druckerpatronen zum Sonderpreis – nur diese Woche!',
    description: 'Großhandelsware, bitte direkt im Online-Shop bestellen.',
    details: { category: 'other' },
    compensation: 'paid',
    priceCents: 999,
    status: 'hidden',
    moderationReason: 'Gewerbliche Werbung ohne Bezug zum Haus. Bitte als Angebot für Initiativen neu formulieren.',
    daysAgo: 3,
  },
  {
    key: 'lagerhaus/homework',
    initiative: 'lagerhaus/sprachcafe',
    kind: 'need',
    title: 'Volunteers for homework help in English',
    description: 'We are looking for people who can help pupils with English homework on Tuesday afternoons.',
    language: 'en',
    details: { category: 'skill', estimatedHours: 2 },
    compensation: 'free',
    visibility: 'network',
    daysAgo: 12,
  },
  {
    key: 'lagerhaus/tandem',
    initiative: 'lagerhaus/sprachcafe',
    kind: 'offer',
    title: 'Échange linguistique français–allemand',
    description: 'Rencontres de conversation en tandem chaque jeudi soir au café du Lagerhaus. Tous les niveaux sont bienvenus.',
    language: 'fr',
    details: { category: 'other' },
    compensation: 'free',
    visibility: 'network',
    daysAgo: 10,
  },
  // Ökozentrum Verden (pre-moderation)
  {
    key: 'verden/waermebildkamera',
    initiative: 'oekozentrum-verden/solarbau',
    kind: 'offer',
    title: 'Wärmebildkamera zu verleihen',
    description: 'Zum Aufspüren von Wärmebrücken in Altbauten. Ausleihe für ein Wochenende, mit kurzer Einweisung.',
    details: { category: 'tool', condition: 'new', depositCents: 10_000 },
    visibility: 'network',
    daysAgo: 25,
  },
  {
    key: 'verden/lehmputzkurs',
    initiative: 'oekozentrum-verden/lehmwerkstatt',
    kind: 'offer',
    title: 'Lehmputz-Kurs für Initiativen',
    description: 'Ein Tag Praxis: Untergrund vorbereiten, Lehmputz mischen und auftragen. Für bis zu zehn Personen.',
    details: { category: 'skill', estimatedHours: 8 },
    daysAgo: 16,
  },
  {
    key: 'verden/betonmischer',
    initiative: 'oekozentrum-verden/lehmwerkstatt',
    kind: 'need',
    title: 'Betonmischer für Lehmbau gesucht',
    description: 'Für eine Baustelle im Frühjahr brauchen wir zwei Wochen lang einen Freifallmischer.',
    details: { category: 'tool' },
    status: 'pending',
    daysAgo: 2,
  },
  {
    key: 'verden/tomaten',
    initiative: 'oekozentrum-verden/saatgut-archiv',
    kind: 'offer',
    title: 'Samenfeste Tomatensorten zum Tauschen',
    description: 'Über 40 alte Tomatensorten aus unserem Archiv. Wir tauschen gern gegen andere samenfeste Sorten.',
    details: { category: 'other' },
    compensation: 'swap',
    visibility: 'public',
    daysAgo: 40,
  },
  {
    key: 'verden/gewaechshaus',
    initiative: 'oekozentrum-verden/saatgut-archiv',
    kind: 'need',
    title: 'Gewächshausfläche für die Anzucht',
    description: 'In zwei Monaten beginnt unsere Anzucht: für drei Monate brauchen wir dann etwa 40 m² frostfreie Fläche für Jungpflanzen.',
    details: { category: 'room', capacity: 3, areaSqm: 40, equipment: ['Wasseranschluss'] },
    status: 'pending',
    daysAgo: 1,
    window: [60, 150],
  },
  {
    key: 'verden/projekttage',
    initiative: 'oekozentrum-verden/umweltbildung',
    kind: 'need',
    title: 'Vorfinanzierung für Projekttage (Kleinkredit)',
    description: 'Die Förderung der Projekttage kommt erst nach Abschluss. Wir suchen 1.200 € für zwölf Monate.',
    details: { category: 'loan', amountCents: 120_000, termMonths: 12, interestRateBasisPoints: 100 },
    daysAgo: 11,
  },
  {
    key: 'verden/nature-workshops',
    initiative: 'oekozentrum-verden/umweltbildung',
    kind: 'offer',
    title: 'Nature education workshops for international groups',
    description: 'Forest walks and hands-on workshops in English for visiting school classes and youth exchanges.',
    language: 'en',
    details: { category: 'skill', estimatedHours: 4 },
    visibility: 'network',
    daysAgo: 20,
  },
  {
    key: 'verden/lastenrad',
    initiative: 'oekozentrum-verden/solarbau',
    kind: 'offer',
    title: 'Lastenrad mit Anhänger für Materialtransporte',
    description: 'E-Lastenrad mit Anhänger (bis 150 kg), ideal für Solarmodule und Werkzeug. Ausleihe tageweise, Akku geladen.',
    details: { category: 'tool', condition: 'good', depositCents: 5000 },
    visibility: 'public',
    status: 'pending',
    daysAgo: 30,
    approvedAs: {
      title: 'Lastenrad für Materialtransporte',
      description: 'E-Lastenrad (bis 100 kg Zuladung) für Transporte im Haus. Ausleihe tageweise.',
      visibility: 'centre',
    },
  },
  // AUCOOP Ausbildungskooperative (post-moderation)
  {
    key: 'aucoop/formatkreissaege',
    initiative: 'aucoop/tischlerei-kollektiv',
    kind: 'offer',
    title: 'Formatkreissäge mit Einweisung',
    description: 'Unsere Formatkreissäge kann nach einer Sicherheitseinweisung stundenweise genutzt werden.',
    details: { category: 'tool', condition: 'used', depositCents: 5000 },
    daysAgo: 27,
  },
  {
    key: 'aucoop/vertaling',
    initiative: 'aucoop/tischlerei-kollektiv',
    kind: 'need',
    title: 'Hulp bij het vertalen van onze website naar het Nederlands',
    description: 'Wij zoeken iemand die onze website over meubelmaken en opleidingen naar het Nederlands kan vertalen.',
    language: 'nl',
    details: { category: 'skill', estimatedHours: 5 },
    visibility: 'network',
    daysAgo: 6,
  },
  {
    key: 'aucoop/lohnabrechnung',
    initiative: 'aucoop/buero-kooperative',
    kind: 'offer',
    title: 'Buchhaltung und Lohnabrechnung für Kleinbetriebe',
    description: 'Unsere Auszubildenden übernehmen unter Anleitung Buchhaltung, Jahresabschluss und Lohnabrechnung für Initiativen.',
    details: { category: 'skill', estimatedHours: 4 },
    visibility: 'network',
    daysAgo: 15,
  },
  {
    key: 'aucoop/hebebuehne',
    initiative: 'aucoop/kfz-selbsthilfe',
    kind: 'offer',
    title: 'Werkstattplatz mit Hebebühne',
    description: 'Ein Werkstattplatz mit Hebebühne und Druckluft, werktags ab 16 Uhr.',
    details: { category: 'room', capacity: 2, areaSqm: 25, equipment: ['Hebebühne', 'Druckluft'] },
    daysAgo: 19,
  },
  {
    key: 'aucoop/solidartopf',
    initiative: 'aucoop/kfz-selbsthilfe',
    kind: 'offer',
    title: 'Kleinkredit aus unserem Solidartopf',
    description: 'Bis zu 1.000 € zinslos für zehn Monate, für Initiativen im Verbund mit einem Engpass.',
    details: { category: 'loan', amountCents: 100_000, termMonths: 10, interestRateBasisPoints: 0 },
    daysAgo: 33,
  },
  {
    key: 'aucoop/grosskueche',
    initiative: 'aucoop/biokantine',
    kind: 'offer',
    title: 'Großküche nachmittags nutzbar',
    description: 'Unsere Großküche steht nachmittags leer: ideal zum Einkochen, für Kochkurse oder Catering.',
    details: { category: 'room', capacity: 6, areaSqm: 60, equipment: ['Kombidämpfer', 'Kühlraum'] },
    compensation: 'paid',
    priceCents: 2500,
    visibility: 'network',
    daysAgo: 8,
  },
  {
    key: 'aucoop/bakfiets',
    initiative: 'aucoop/biokantine',
    kind: 'need',
    title: 'Bakfiets gezocht voor leveringen',
    description: 'Voor het bezorgen van lunches zoeken wij een bakfiets, liefst met elektrische ondersteuning.',
    language: 'nl',
    details: { category: 'tool' },
    visibility: 'network',
    daysAgo: 5,
  },
  {
    key: 'aucoop/repas',
    initiative: 'aucoop/biokantine',
    kind: 'offer',
    title: 'Repas solidaires pour vos événements',
    description: 'Nous cuisinons des repas bio et de saison pour les assemblées et fêtes des initiatives.',
    language: 'fr',
    details: { category: 'other' },
    compensation: 'reciprocal',
    visibility: 'network',
    status: 'paused',
    daysAgo: 22,
  },
]

export interface ListingsSeed {
  listings: Record<string, { id: string; centreId: string; initiativeId: string }>
}

export async function seedListings(tx: Tx, foundation: FoundationSeed, at = new Date()): Promise<ListingsSeed> {
  const now = at.getTime()
  const today = localDateOf(at, 'Europe/Berlin')
  const seed: ListingsSeed = { listings: {} }
  for (const item of LISTINGS) {
    const [from, until] = item.window ? [addDays(today, item.window[0]), addDays(today, item.window[1])] : [null, null]
    const initiative = foundation.initiatives[item.initiative]
    if (!initiative) throw new Error(`demo listing ${item.key}: unknown initiative ${item.initiative}`)
    const centreSlug = item.initiative.split('/')[0]!
    const createdAt = new Date(now - item.daysAgo * 24 * 60 * 60 * 1000)
    const status = item.status ?? 'active'
    const content: ListingContent = {
      kind: item.kind,
      category: item.details.category,
      title: item.title,
      description: item.description,
      language: item.language ?? 'de',
      details: item.details,
      compensation: item.compensation ?? 'reciprocal',
      priceCents: item.priceCents ?? null,
      availableFrom: from,
      availableUntil: until,
      visibility: item.visibility ?? 'centre',
      bookable: item.bookable ?? false,
      photoIds: [],
    }
    // What went live was approved as it is (demo listings have no photos); a pending one never was,
    // unless it was approved in another form and changed since.
    const approvedContent = item.approvedAs ? { ...content, ...item.approvedAs } : status === 'pending' ? null : content
    const [row] = await tx
      .insert(listings)
      .values({
        centreId: initiative.centreId,
        initiativeId: initiative.id,
        createdBy: foundation.users[`owner:${item.initiative}`]?.id ?? null,
        kind: item.kind,
        category: item.details.category,
        title: item.title,
        description: item.description,
        language: item.language ?? 'de',
        details: item.details,
        compensation: item.compensation ?? 'reciprocal',
        priceCents: item.priceCents ?? null,
        availableFrom: from,
        availableUntil: until,
        visibility: item.visibility ?? 'centre',
        status,
        bookable: item.bookable ?? false,
        moderationReason: item.moderationReason ?? null,
        // the concepts an author would have kept: the recogniser's (ADR 083)
        ...conceptColumns(seedThesaurus.conceptsOf(`${item.title} ${item.description}`, item.language ?? 'de').slice(0, 20)),
        createdAt,
        updatedAt: createdAt,
        publishedAt: approvedContent ? createdAt : null,
        approvedContent,
        approvedAt: approvedContent ? createdAt : null,
        revision: item.approvedAs ? 1 : 0,
      })
      .returning({ id: listings.id })
    seed.listings[item.key] = { id: row!.id, centreId: initiative.centreId, initiativeId: initiative.id }
    if (status === 'hidden') {
      await tx.insert(auditLog).values({
        centreId: initiative.centreId,
        actorId: foundation.users[`manager:${centreSlug}`]?.id ?? null,
        action: 'listing.hidden',
        subjectType: 'listing',
        subjectId: row!.id,
        details: { title: item.title, from: 'active', to: 'hidden', reason: item.moderationReason },
        createdAt: new Date(createdAt.getTime() + 6 * 60 * 60 * 1000),
      })
    }
  }
  // A report for the managers' queue: a member asks them to look at a price.
  const flagged = seed.listings['lagerhaus/tontechnik']!
  await tx.insert(reports).values({
    centreId: flagged.centreId,
    reporterId: foundation.users['owner:lagerhaus/sprachcafe']?.id ?? null,
    subjectType: 'listing',
    subjectId: flagged.id,
    reason: 'Der Preis scheint mir für Initiativen im Haus sehr hoch – ist das so gewollt?',
  })
  return seed
}
