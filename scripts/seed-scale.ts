/**
 * Fills a PostgreSQL database with a realistic, multilingual network for benchmarks:
 *
 *   DATABASE_URL=postgres://… npm run seed:scale -- --centres 20 --initiatives 5000 --listings 100000
 *
 * and, unless `--ledger-exchanges 0`, the dashboard's big centre of scripts/seed-scale-ledger.ts
 * (`--ledger-exchanges 250000`: 1,000,000 ledger entries; `--ledger-initiatives 5000`). Ten times
 * the scale (issue #20): `--centres 200 --initiatives 50000 --listings 1000000 --ledger-exchanges 2500000`.
 *
 * Users and initiatives by multi-row inserts (unnest of arrays), listings by one COPY with the
 * recogniser's concepts and the indexes built after the load (scripts/bulk-load.ts); progress on stdout.
 * Deterministic (a seeded random generator), so two fills give the same data. Adds to what is
 * there: centres are named scale-1 … scale-N and skipped when present. The benchmark logs in as
 * bench@viertel.test (a member of an initiative in scale-1), password BENCH_PASSWORD below.
 */
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { openDatabase } from '../db/connect'
import { passwordHashFor } from '../db/factories'
import { conceptTermsOf, recognisedConcepts } from '../app/modules/matching/listing-concepts.server'
import { currentThesaurus, vocabularyVersions } from '../app/modules/matching/vocabulary.server'
import { copyRows, withoutIndexes } from './bulk-load'
import { seedLedger } from './seed-scale-ledger'

export const BENCH_EMAIL = 'bench@viertel.test'
export const BENCH_PASSWORD = 'viertel-bench'
export const BENCH_CENTRE = 'scale-1'

function args() {
  const out = { centres: 20, initiatives: 5000, listings: 100_000, batch: 5000, ledgerExchanges: 250_000, ledgerInitiatives: 5000 }
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof typeof out
    if (key in out) out[key] = Number(argv[++i])
  }
  for (const [k, v] of Object.entries(out)) {
    const least = k === 'ledgerExchanges' ? 0 : 1
    const flag = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    if (!Number.isInteger(v) || v < least) throw new Error(`--${flag} must be a whole number of at least ${least}`)
  }
  return out
}

/** mulberry32: small, fast, seeded. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rnd = random(20261125)
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!
const chance = (p: number) => rnd() < p

type Lang = 'de' | 'en' | 'fr' | 'nl'
type Category = 'room' | 'tool' | 'skill' | 'loan' | 'other'

/** Words people actually post, per language and category, with offer/need phrasings. */
const VOCAB: Record<Lang, { things: Record<Category, string[]>; offer: string[]; need: string[]; filler: string[] }> = {
  de: {
    things: {
      room: ['Proberaum', 'Seminarraum', 'Werkstatt', 'Büroplatz', 'Lagerraum', 'Großküche', 'Atelier', 'Veranstaltungssaal', 'Besprechungsraum', 'Dunkelkammer'],
      tool: ['Bohrmaschine', 'Akkuschrauber', 'Leiter', 'Kreissäge', 'Lastenrad', 'Beamer', 'Nähmaschine', 'Hochdruckreiniger', 'Schleifmaschine', 'Werkbank', 'Betonmischer', 'Anhänger'],
      skill: ['Buchhaltung', 'Webdesign', 'Übersetzung', 'Fotografie', 'Steuerberatung', 'Tontechnik', 'Grafikdesign', 'Lohnabrechnung', 'Fördermittelanträge', 'Elektroinstallation'],
      loan: ['Kleinkredit', 'Vorfinanzierung', 'Überbrückungskredit', 'Darlehen'],
      other: ['Mitfahrgelegenheit', 'Kinderbetreuung', 'Umzugshilfe', 'Saatgut', 'Gemüsekisten', 'Möbel'],
    },
    offer: ['{x} zu verleihen', '{x} frei', 'Biete {x}', '{x} für Initiativen', '{x} stundenweise'],
    need: ['{x} gesucht', 'Suche {x}', 'Brauchen {x}', '{x} für unser Projekt gesucht', 'Wer hat {x}?'],
    filler: ['für', 'unsere', 'Initiative', 'im', 'Haus', 'gern', 'auch', 'am', 'Wochenende', 'nach', 'Absprache', 'mit', 'Einweisung', 'kurzfristig', 'Verein', 'Genossenschaft', 'Veranstaltung', 'Werkstatt', 'Hof', 'Bremen', 'Verden', 'gegenseitig', 'Hilfe', 'Stunden', 'Räume', 'Werkzeuge'],
  },
  en: {
    things: {
      room: ['rehearsal room', 'meeting room', 'workshop', 'desk space', 'storage room', 'kitchen', 'studio', 'event hall'],
      tool: ['drill', 'cordless screwdriver', 'ladder', 'circular saw', 'cargo bike', 'projector', 'sewing machine', 'pressure washer', 'workbench', 'trailer'],
      skill: ['bookkeeping', 'web design', 'translation', 'photography', 'tax advice', 'sound engineering', 'graphic design', 'grant writing'],
      loan: ['small loan', 'bridge loan', 'pre-financing'],
      other: ['lift sharing', 'childcare', 'moving help', 'seeds', 'vegetable boxes', 'furniture'],
    },
    offer: ['{x} to lend', 'Offering {x}', '{x} available', '{x} for initiatives'],
    need: ['Looking for {x}', '{x} wanted', 'We need {x}', 'Help with {x}'],
    filler: ['for', 'our', 'initiative', 'in', 'the', 'house', 'happy', 'to', 'help', 'weekends', 'by', 'arrangement', 'with', 'introduction', 'short', 'notice', 'cooperative', 'event', 'hours', 'rooms', 'tools'],
  },
  fr: {
    things: {
      room: ['salle de répétition', 'salle de réunion', 'atelier', 'bureau partagé', 'local de stockage', 'cuisine', 'studio'],
      tool: ['perceuse', 'visseuse', 'échelle', 'scie circulaire', 'vélo cargo', 'vidéoprojecteur', 'machine à coudre', 'établi', 'remorque'],
      skill: ['comptabilité', 'création de site web', 'traduction', 'photographie', 'conseil fiscal', 'graphisme', 'demandes de subvention'],
      loan: ['petit prêt', 'préfinancement', 'prêt relais'],
      other: ['covoiturage', 'garde d’enfants', 'aide au déménagement', 'semences', 'paniers de légumes', 'meubles'],
    },
    offer: ['{x} à prêter', 'Propose {x}', '{x} disponible', '{x} pour les initiatives'],
    need: ['Cherche {x}', 'Recherche {x}', 'Besoin de {x}', 'Qui a {x} ?'],
    filler: ['pour', 'notre', 'initiative', 'dans', 'la', 'maison', 'volontiers', 'le', 'week-end', 'sur', 'rendez-vous', 'avec', 'explications', 'coopérative', 'événement', 'heures', 'outils', 'salles'],
  },
  nl: {
    things: {
      room: ['repetitieruimte', 'vergaderruimte', 'werkplaats', 'werkplek', 'opslagruimte', 'keuken', 'atelier'],
      tool: ['boormachine', 'accuschroevendraaier', 'ladder', 'cirkelzaag', 'bakfiets', 'beamer', 'naaimachine', 'werkbank', 'aanhanger'],
      skill: ['boekhouding', 'webdesign', 'vertaling', 'fotografie', 'belastingadvies', 'grafisch ontwerp', 'subsidieaanvragen'],
      loan: ['kleine lening', 'voorfinanciering', 'overbruggingskrediet'],
      other: ['meerijden', 'kinderopvang', 'verhuishulp', 'zaden', 'groentepakketten', 'meubels'],
    },
    offer: ['{x} te leen', 'Bied {x} aan', '{x} beschikbaar', '{x} voor initiatieven'],
    need: ['{x} gezocht', 'Zoek {x}', 'Wij zoeken {x}', 'Wie heeft {x}?'],
    filler: ['voor', 'ons', 'initiatief', 'in', 'het', 'huis', 'graag', 'ook', 'in', 'het', 'weekend', 'op', 'afspraak', 'met', 'uitleg', 'coöperatie', 'evenement', 'uren', 'ruimtes', 'gereedschap'],
  },
}

const CATEGORIES: Category[] = ['room', 'tool', 'skill', 'loan', 'other']
const CITIES = ['Bremen', 'Verden', 'Hamburg', 'Oldenburg', 'Hannover', 'Berlin', 'Leipzig', 'Köln', 'Utrecht', 'Gent', 'Lyon', 'Lille', 'Bristol', 'Groningen', 'Kassel', 'Freiburg', 'Münster', 'Nantes', 'Antwerpen', 'Göttingen']

function language(): Lang {
  const r = rnd()
  return r < 0.7 ? 'de' : r < 0.82 ? 'en' : r < 0.91 ? 'fr' : 'nl'
}

function details(category: Category): string {
  switch (category) {
    case 'room':
      return JSON.stringify({ category, capacity: 2 + Math.floor(rnd() * 40), areaSqm: 10 + Math.floor(rnd() * 150), equipment: [] })
    case 'tool':
      return JSON.stringify({ category, condition: pick(['new', 'good', 'used', 'worn']), depositCents: chance(0.5) ? 1000 * (1 + Math.floor(rnd() * 20)) : null })
    case 'skill':
      return JSON.stringify({ category, estimatedHours: 1 + Math.floor(rnd() * 20) })
    case 'loan':
      return JSON.stringify({ category, amountCents: 10_000 * (1 + Math.floor(rnd() * 50)), termMonths: 3 + Math.floor(rnd() * 33), interestRateBasisPoints: chance(0.7) ? 0 : 100 * Math.floor(rnd() * 4) })
    case 'other':
      return JSON.stringify({ category })
  }
}

function text(lang: Lang, kind: 'offer' | 'need', category: Category) {
  const v = VOCAB[lang]
  const thing = pick(v.things[category])
  const title = pick(kind === 'offer' ? v.offer : v.need).replace('{x}', thing)
  const words = [thing]
  const length = 20 + Math.floor(rnd() * 40)
  for (let i = 0; i < length; i++) words.push(chance(0.08) ? pick(v.things[pick(CATEGORIES)]) : pick(v.filler))
  const description = words.join(' ') + '.'
  return { title: title[0]!.toUpperCase() + title.slice(1), description: description[0]!.toUpperCase() + description.slice(1) }
}

async function main() {
  const options = args()
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('seed:scale needs DATABASE_URL (a PostgreSQL server); the embedded PGlite is not for benchmarks.')
    process.exit(1)
  }
  const started = Date.now()
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  console.log(`seed:scale → ${new URL(url).host}${new URL(url).pathname}: ${options.centres} centres, ${options.initiatives} initiatives, ${options.listings} listings`)
  const migrated = await openDatabase({ url, poolSize: 1 })
  const { current: vocabulary } = await vocabularyVersions(migrated.db)
  const thesaurus = await currentThesaurus(migrated.db, { fresh: true })
  await migrated.close()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const passwordHash = await passwordHashFor(BENCH_PASSWORD)
    // centres
    const centreIds: string[] = []
    for (let c = 1; c <= options.centres; c++) {
      const slug = `scale-${c}`
      const [row] = await sql<{ id: string }[]>`
        insert into centres (slug, name, city, country, languages, moderation_mode, description)
        values (${slug}, ${`Projektezentrum ${CITIES[(c - 1) % CITIES.length]} ${c}`}, ${CITIES[(c - 1) % CITIES.length]!}, 'DE',
                '{de,en,fr,nl}'::text[], ${c % 4 === 0 ? 'pre' : 'post'}::moderation_mode, 'Ein Projektezentrum für den Benchmark.')
        on conflict (slug) do update set slug = excluded.slug
        returning id`
      centreIds.push(row!.id)
    }
    console.log(`  centres ready (${elapsed()})`)

    // initiatives, each with one owner; users share one password hash (hashing is slow on purpose)
    const initiatives: { id: string; centreId: string }[] = []
    const existing = await sql<{ n: number }[]>`select count(*)::int as n from initiatives where slug like 'scale-%'`
    if (existing[0]!.n >= options.initiatives) {
      initiatives.push(...(await sql<{ id: string; centreId: string }[]>`
        select id, centre_id as "centreId" from initiatives where slug like 'scale-%' order by slug limit ${options.initiatives}`))
      console.log(`  ${initiatives.length} initiatives already there (${elapsed()})`)
    } else {
      for (let start = 0; start < options.initiatives; start += options.batch) {
        const count = Math.min(options.batch, options.initiatives - start)
        const n = Array.from({ length: count }, (_, i) => start + i)
        await sql.begin(async (tx) => {
          const emails = n.map((i) => (i === 0 ? BENCH_EMAIL : `scale-${i}@viertel.test`))
          const users = await tx<{ id: string; email: string }[]>`
            insert into users (email, name, password_hash)
            select e, 'Mitglied ' || e, ${passwordHash} from unnest(${sql.array(emails)}::text[]) as e
            on conflict do nothing
            returning id, email`
          const userByEmail = new Map(users.map((u) => [u.email, u.id]))
          const rows = n.map((i) => ({ i, centreId: centreIds[i % centreIds.length]! }))
          const created = await tx<{ id: string; centreId: string; slug: string }[]>`
            insert into initiatives (centre_id, slug, name, kind, sector, description, status)
            select c, s, nm, k::initiative_kind, 'Benchmark', 'Eine Initiative im Benchmark.', 'active'
            from unnest(${sql.array(rows.map((r) => r.centreId))}::uuid[], ${sql.array(rows.map((r) => `scale-${r.i}`))}::text[],
                        ${sql.array(rows.map((r) => `Initiative ${r.i}`))}::text[],
                        ${sql.array(rows.map(() => pick(['enterprise', 'cooperative', 'association', 'project', 'other'])))}::text[]) as t(c, s, nm, k)
            on conflict do nothing
            returning id, centre_id as "centreId", slug`
          const members = created
            .map((row) => ({ ...row, user: userByEmail.get(row.slug === 'scale-0' ? BENCH_EMAIL : `${row.slug}@viertel.test`) }))
            .filter((row) => row.user)
          if (members.length) {
            await tx`
              insert into initiative_members (initiative_id, user_id, centre_id, role)
              select i, u, c, 'owner' from unnest(${sql.array(members.map((m) => m.id))}::uuid[], ${sql.array(members.map((m) => m.user!))}::uuid[],
                                                  ${sql.array(members.map((m) => m.centreId))}::uuid[]) as t(i, u, c)
              on conflict do nothing`
          }
          initiatives.push(...created.map(({ id, centreId }) => ({ id, centreId })))
        })
        console.log(`  initiatives ${Math.min(start + count, options.initiatives)}/${options.initiatives} (${elapsed()})`)
      }
    }

    // listings: one COPY with the recogniser's concepts (as `npm run concepts:apply` would give
    // them), the table's secondary indexes built once at the end (scripts/bulk-load.ts)
    const now = Date.now()
    const twoYears = 2 * 365 * 24 * 60 * 60 * 1000
    const step = Math.max(options.batch, 10 ** Math.floor(Math.log10(Math.max(options.listings / 10, 1))))
    function* listingRows() {
      for (let n = 1; n <= options.listings; n++) {
        const initiative = pick(initiatives)
        const kind = chance(0.55) ? 'offer' : 'need'
        const category = pick(CATEGORIES)
        const lang = language()
        const { title, description } = text(lang, kind, category)
        const compensation = pick(['reciprocal', 'reciprocal', 'free', 'swap', 'paid'])
        const r = rnd()
        const detail = details(category)
        const price = compensation === 'paid' ? 500 * (1 + Math.floor(rnd() * 100)) : null
        const status = chance(0.9) ? 'active' : pick(['paused', 'closed', 'pending'])
        const created = new Date(now - Math.floor(rnd() * twoYears)).toISOString()
        const concepts = recognisedConcepts(thesaurus, { title, description, language: lang })
        yield [
          initiative.centreId, initiative.id, kind, category, title, description, lang, detail, compensation, price,
          r < 0.5 ? 'centre' : r < 0.9 ? 'network' : 'public', status, created, created, status === 'pending' ? null : created,
          concepts, conceptTermsOf(concepts),
        ] as const
        if (n % step === 0) console.log(`  listings ${n}/${options.listings} (${elapsed()})`)
      }
    }
    await sql.begin(async (tx) => {
      await withoutIndexes(
        tx,
        ['listings'],
        () =>
          copyRows(
            tx,
            'listings',
            ['centre_id', 'initiative_id', 'kind', 'category', 'title', 'description', 'language', 'details', 'compensation', 'price_cents',
              'visibility', 'status', 'created_at', 'updated_at', 'published_at', 'concepts', 'concept_terms'],
            listingRows(),
          ),
        (line) => console.log(`  listings: ${line} (${elapsed()})`),
      )
    })
    const [totals] = await sql<{ listings: number; initiatives: number }[]>`
      select (select count(*)::int from listings) as listings, (select count(*)::int from initiatives) as initiatives`
    console.log(`  ${totals!.listings} listings, ${totals!.initiatives} initiatives in the database (${elapsed()}). Bench user: ${BENCH_EMAIL}`)
  } finally {
    await sql.end({ timeout: 5 })
  }
  if (options.ledgerExchanges) {
    console.log(`  the ledger centre: ${options.ledgerInitiatives} initiatives, ${options.ledgerExchanges} exchanges (${4 * options.ledgerExchanges} ledger entries) …`)
    await seedLedger(url, { initiatives: options.ledgerInitiatives, exchanges: options.ledgerExchanges, months: 36 })
  }
  // the listings carry this vocabulary's concepts: the worker need not bring them under it (ADR 094)
  const mark = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await mark`insert into vocabulary_revision (id, revision, listings_version) values (1, 0, ${vocabulary})
               on conflict (id) do update set listings_version = excluded.listings_version`
  } finally {
    await mark.end({ timeout: 5 })
  }
  // Planner statistics, and the visibility map that index-only scans (the listings page's browse)
  // need: rows loaded by COPY are not marked all-visible until a vacuum passes.
  console.log(`  vacuum (analyze) … (${elapsed()})`)
  const end = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await end`vacuum (analyze)`
  } finally {
    await end.end({ timeout: 5 })
  }
  console.log(`seed:scale done in ${elapsed()}`)
}

// Only when run as the script (bench.ts imports the constants above).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
