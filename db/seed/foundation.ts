import type { Tx } from '../connect'
import { addMember, makeCentre, makeInitiative, makeUser, passwordHashFor } from '../factories'
import { centreStaff } from '../schema'

export const DEMO_PASSWORD = 'viertel-demo'

type Kind = 'enterprise' | 'cooperative' | 'association' | 'project' | 'other'
interface DemoInitiative {
  slug: string
  name: string
  kind: Kind
  sector: string
  description: string
  status?: 'applied' | 'active'
}

const CENTRES = [
  {
    slug: 'lagerhaus',
    name: 'Kulturzentrum Lagerhaus',
    city: 'Bremen',
    country: 'DE',
    languages: ['de', 'en', 'fr', 'nl'],
    moderationMode: 'post' as const,
    foundingYear: 1978,
    // places on the network map: demo points in each town, not surveyed addresses
    latitude: 53.0733,
    longitude: 8.8203,
    legalForm: 'Eingetragener Verein (e.V.)',
    fundingMix:
      'Eigene Einnahmen aus Veranstaltungen und Vermietung, Zuschüsse der Stadt Bremen, Projektmittel (EU, Stiftungen), Mitgliedsbeiträge und ehrenamtliche Arbeit.',
    description:
      'Ein selbstverwaltetes Kultur- und Projektezentrum im Bremer Viertel: Veranstaltungen, Werkstätten, Büros und Räume für Initiativen, Kleinbetriebe und Vereine, die sich gegenseitig tragen.',
    initiatives: [
      { slug: 'radwerk', name: 'Radwerk Kollektiv', kind: 'cooperative', sector: 'Fahrradwerkstatt', description: 'Fahrradreparatur und Selbsthilfewerkstatt im Hof des Lagerhauses.' },
      { slug: 'viertelklang', name: 'Viertelklang e.V.', kind: 'association', sector: 'Kultur', description: 'Konzerte, Proberäume und Tontechnik für Bands aus dem Viertel.' },
      { slug: 'druckerei-ostertor', name: 'Druckerei Ostertor', kind: 'enterprise', sector: 'Druck und Gestaltung', description: 'Kleine Offset- und Risodruckerei für Plakate, Flyer und Zines.' },
      { slug: 'sprachcafe', name: 'Sprachcafé International', kind: 'project', sector: 'Bildung', description: 'Offene Sprachtreffen und Hausaufgabenhilfe, mehrsprachig.' },
      { slug: 'stadtteilkueche', name: 'Stadtteilküche', kind: 'association', sector: 'Gastronomie', description: 'Gemeinsames Kochen, Mittagstisch und Catering für Veranstaltungen.', status: 'applied' },
    ] satisfies DemoInitiative[],
  },
  {
    slug: 'oekozentrum-verden',
    name: 'Ökozentrum Verden',
    city: 'Verden (Aller)',
    country: 'DE',
    languages: ['de', 'en'],
    moderationMode: 'pre' as const,
    foundingYear: 1984,
    latitude: 52.9213,
    longitude: 9.2268,
    legalForm: 'Genossenschaft (eG) mit Trägerverein',
    fundingMix:
      'Mieteinnahmen der Betriebe, Genossenschaftsanteile der Mitglieder, Direktkredite aus dem Umfeld, Fördermittel für ökologische Bildung.',
    description:
      'Ein ökologisches Gewerbe- und Projektezentrum in einer ehemaligen Kaserne: Handwerksbetriebe, Bildungsstätten und Umweltinitiativen teilen Räume, Werkzeuge und Wissen.',
    initiatives: [
      { slug: 'solarbau', name: 'Solarbau Verden eG', kind: 'cooperative', sector: 'Erneuerbare Energien', description: 'Planung und Bau kleiner Solaranlagen, Beratung für Haushalte.' },
      { slug: 'lehmwerkstatt', name: 'Lehmwerkstatt', kind: 'enterprise', sector: 'Ökologisches Bauen', description: 'Lehmputz, Lehmbau-Kurse und Materialverleih.' },
      { slug: 'saatgut-archiv', name: 'Saatgut-Archiv Aller', kind: 'association', sector: 'Landwirtschaft', description: 'Sammlung und Tausch samenfester Sorten, Gartenkurse.' },
      { slug: 'umweltbildung', name: 'Umweltbildung Verden', kind: 'project', sector: 'Bildung', description: 'Waldpädagogik und Projekttage für Schulen.' },
    ] satisfies DemoInitiative[],
  },
  {
    slug: 'aucoop',
    name: 'AUCOOP Ausbildungskooperative',
    city: 'Bremen',
    country: 'DE',
    languages: ['de', 'en', 'fr', 'nl'],
    moderationMode: 'post' as const,
    foundingYear: 1988,
    latitude: 53.0934,
    longitude: 8.7752,
    legalForm: 'Eingetragener Verein (e.V.) als Verbund von Ausbildungsbetrieben',
    fundingMix:
      'Ausbildungszuschüsse der Arbeitsagentur, Eigenbeiträge der Betriebe, Landesmittel für Ausbildungsverbünde, Spenden.',
    description:
      'Ein Verbund selbstverwalteter Betriebe, die gemeinsam ausbilden: Auszubildende wechseln zwischen den Betrieben, Werkstätten und Ausbilderwissen werden geteilt.',
    initiatives: [
      { slug: 'tischlerei-kollektiv', name: 'Tischlerei Kollektiv', kind: 'cooperative', sector: 'Holzhandwerk', description: 'Möbel- und Innenausbau, bildet zwei Tischler:innen aus.' },
      { slug: 'buero-kooperative', name: 'Büro-Kooperative', kind: 'cooperative', sector: 'Verwaltung', description: 'Buchhaltung, Lohnabrechnung und Ausbildung zur Bürokauffrau/zum Bürokaufmann.' },
      { slug: 'kfz-selbsthilfe', name: 'Kfz-Selbsthilfe Walle', kind: 'enterprise', sector: 'Kfz-Handwerk', description: 'Werkstatt mit Hebebühnen, Ausbildung zum Kfz-Mechatroniker.' },
      { slug: 'biokantine', name: 'Biokantine', kind: 'enterprise', sector: 'Gastronomie', description: 'Kantine mit Bioküche, Ausbildung zur Köchin/zum Koch.' },
    ] satisfies DemoInitiative[],
  },
]

export interface FoundationSeed {
  centres: Record<string, { id: string; slug: string }>
  initiatives: Record<string, { id: string; centreId: string; slug: string; name: string }>
  users: Record<string, { id: string; email: string }>
}

export async function seedFoundation(tx: Tx): Promise<FoundationSeed> {
  await passwordHashFor(DEMO_PASSWORD)
  const seed: FoundationSeed = { centres: {}, initiatives: {}, users: {} }
  const person = async (key: string, email: string, name: string, extra: { isAdmin?: boolean; twoFactorExempt?: boolean; locale?: string } = {}) => {
    const user = await makeUser(tx, { email, name, password: DEMO_PASSWORD, ...extra })
    seed.users[key] = user
    return user
  }
  // the demo's admin only: real admins (npm run admin:create) must set up a second factor (ADR 067)
  await person('admin', 'admin@viertel.test', 'Ada Admin', { isAdmin: true, twoFactorExempt: true })

  for (const spec of CENTRES) {
    const { initiatives: initiativeSpecs, ...centreValues } = spec
    const centre = await makeCentre(tx, centreValues)
    seed.centres[spec.slug] = centre
    const managerEmail = spec.slug === 'lagerhaus' ? 'manager@lagerhaus.test' : `manager@${spec.slug}.test`
    const manager = await person(`manager:${spec.slug}`, managerEmail, managerName(spec.slug))
    await tx.insert(centreStaff).values({ centreId: centre.id, userId: manager.id })

    for (const [index, item] of initiativeSpecs.entries()) {
      const { status = 'active', ...values } = item as DemoInitiative
      const initiative = await makeInitiative(tx, centre.id, {
        ...values,
        status,
        applicationMessage: status === 'applied' ? 'Wir würden gern Teil des Hauses werden.' : null,
        decidedAt: status === 'active' ? new Date(Date.UTC(2024, index, 15)) : null,
        decidedBy: status === 'active' ? manager.id : null,
      })
      seed.initiatives[`${spec.slug}/${item.slug}`] = { ...initiative }
      const email =
        spec.slug === 'lagerhaus' && index === 0 ? 'member@lagerhaus.test' : `${item.slug}@${spec.slug}.test`
      const owner = await person(`owner:${spec.slug}/${item.slug}`, email, ownerName(spec.slug, index))
      await addMember(tx, initiative, owner.id, 'owner')
    }
  }
  // A colleague in the demo member's initiative, so "members" and "remove" have someone to show.
  const colleague = await person('colleague', 'kollegin@lagerhaus.test', 'Kim Kollegin', { locale: 'en' })
  await addMember(tx, seed.initiatives['lagerhaus/radwerk']!, colleague.id, 'member')
  return seed
}

function managerName(slug: string) {
  return { lagerhaus: 'Maren Manager', 'oekozentrum-verden': 'Ole Oeko', aucoop: 'Aylin Ausbildung' }[slug] ?? 'Manager'
}

const FIRST = ['Mia', 'Jonas', 'Fatma', 'Luc', 'Sanne', 'Piet', 'Claire', 'Hannes', 'Amina', 'Bram', 'Elif', 'Theo', 'Inès']
const LAST = ['Becker', 'Janssen', 'Yilmaz', 'Dubois', 'de Vries', 'Meyer', 'Laurent', 'Krüger', 'Haddad', 'Peeters']
function ownerName(slug: string, index: number) {
  const seedNumber = slug.length * 7 + index * 3
  return `${FIRST[seedNumber % FIRST.length]} ${LAST[(seedNumber + index) % LAST.length]}`
}
