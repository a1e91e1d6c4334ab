/**
 * The vocabulary of project centres in the four languages: each group holds words that mean
 * the same thing ("Bohrmaschine", "drill", "perceuse", "boormachine"). A listing's words are
 * widened with the other words of every group they name, so a German need finds an English
 * offer. Full-text search cannot do this: stemming works within one language only.
 * Multi-word entries name a group only when all their words occur; single words of five
 * letters or more are also found inside German compounds ("Betonwand" names "Beton").
 * Keep groups tight: a word that means several things (e.g. "machine") must not stand alone.
 */
export const THESAURUS: readonly (readonly string[])[] = [
  // rooms
  ['raum', 'räume', 'room', 'salle', 'ruimte', 'zaal'],
  ['seminarraum', 'seminar', 'séminaire', 'seminarie', 'workshopraum'],
  ['proberaum', 'rehearsal', 'répétition', 'repetitieruimte', 'repetitie', 'probe'],
  ['band', 'bands', 'groupe de musique', 'muziekband'],
  ['küche', 'kitchen', 'cuisine', 'keuken', 'gewerbeküche'],
  ['caterer', 'catering', 'traiteur', 'cateraar'],
  ['werkstatt', 'workshop space', 'atelier', 'werkplaats'],
  ['holz', 'holzbearbeitung', 'wood', 'woodworking', 'bois', 'hout', 'houtbewerking'],
  ['lager', 'lagerraum', 'storage', 'stockage', 'entrepôt', 'opslag', 'opslagruimte'],
  ['bühnenbild', 'stage set', 'stage sets', 'décor', 'décors', 'decor', 'decors'],
  ['fotostudio', 'photo studio', 'studio photo', 'fotostudio'],
  ['saal', 'hall', 'salle de spectacle', 'zaal', 'festsaal'],
  ['konzert', 'concert', 'concerts', 'konzerte'],
  ['büro', 'office', 'bureau', 'kantoor'],
  // tools
  ['bohrmaschine', 'bohrhammer', 'drill', 'perceuse', 'boormachine'],
  ['beton', 'concrete', 'béton'],
  ['beamer', 'projector', 'vidéoprojecteur', 'projecteur'],
  ['leinwand', 'screen', 'écran', 'scherm'],
  ['film', 'filmabend', 'screening', 'projection', 'filmavond'],
  ['lastenrad', 'cargo bike', 'vélo cargo', 'bakfiets'],
  ['nähmaschine', 'sewing machine', 'machine à coudre', 'naaimachine'],
  ['kostüm', 'kostüme', 'costume', 'costumes', 'kostuum', 'kostuums'],
  ['leiter', 'ladder', 'échelle', 'ausziehleiter'],
  ['lautsprecher', 'speaker', 'speakers', 'enceinte', 'enceintes', 'luidspreker', 'luidsprekers'],
  ['pa-anlage', 'pa system', 'sound system', 'sonorisation', 'geluidsinstallatie', 'beschallung'],
  ['mischpult', 'mixer', 'table de mixage', 'mengpaneel'],
  ['hochdruckreiniger', 'pressure washer', 'nettoyeur haute pression', 'hogedrukreiniger'],
  ['hof', 'yard', 'patio', 'cour', 'terrasse', 'binnenplaats'],
  ['zelt', 'pavillon', 'faltpavillon', 'tent', 'tente', 'tonnelle', 'partytent'],
  ['markt', 'märkte', 'market', 'markets', 'marché', 'marchés', 'markten'],
  ['transporter', 'van', 'camionnette', 'bestelbus', 'kleinbus'],
  ['umzug', 'umziehen', 'moving', 'move', 'déménagement', 'déménager', 'verhuizing', 'verhuizen'],
  ['kamera', 'videokamera', 'camera', 'video camera', 'caméra'],
  ['dokumentation', 'documentary', 'documentaries', 'documentaire', 'documentaires'],
  ['fahrrad', 'fahrräder', 'bike', 'bicycle', 'vélo', 'vélos', 'fiets', 'fietsen'],
  // skills
  ['buchhaltung', 'bookkeeping', 'accounting', 'comptabilité', 'boekhouding'],
  ['jahresabschluss', 'annual accounts', 'bilan annuel', 'jaarrekening'],
  ['webseite', 'webseiten', 'website', 'websites', 'site web', 'sites web'],
  ['förderantrag', 'förderanträge', 'grant', 'grants', 'subvention', 'subventionen', 'subsidie', 'subsidieaanvraag', 'subsidies'],
  ['übersetzung', 'übersetzungen', 'translation', 'traduction', 'traductions', 'vertaling'],
  ['deutsch', 'german', 'allemand', 'duits'],
  ['französisch', 'french', 'français', 'frans'],
  ['reparatur', 'reparieren', 'repair', 'réparation', 'reparatie', 'repareren'],
  ['grafikdesign', 'grafik', 'graphic design', 'graphisme', 'grafisch ontwerp'],
  ['flyer', 'flyers', 'plakat', 'plakate', 'poster', 'posters', 'affiche', 'affiches'],
  ['rechtsberatung', 'legal advice', 'conseil juridique', 'juridisch advies'],
  ['satzung', 'vereinssatzung', 'statutes', 'statuts', 'statuten'],
  ['verein', 'vereine', 'association', 'associations', 'vereniging'],
  ['elektriker', 'electrician', 'électricien', 'elektricien'],
  ['elektroinstallation', 'electrical installation', 'installation électrique', 'elektrische installatie'],
  ['fotograf', 'photographer', 'photographe', 'fotograaf'],
  ['festival', 'festivals', 'fest', 'feste', 'fête'],
  ['veranstaltung', 'veranstaltungen', 'event', 'events', 'événement', 'événements', 'evenement', 'evenementen'],
  ['steuererklärung', 'steuer', 'tax', 'tax return', 'déclaration fiscale', 'fiscal', 'belastingaangifte', 'belasting'],
  // other
  ['umzugshelfer', 'moving help', 'aide au déménagement', 'verhuishulp'],
  ['kinderbetreuung', 'childcare', "garde d'enfants", 'kinderopvang'],
  ['versammlung', 'versammlungen', 'assembly', 'meeting', 'meetings', 'réunion', 'réunions', 'vergadering', 'vergaderingen'],
  ['saatgut', 'samen', 'seeds', 'semences', 'graines', 'zaden'],
  ['jungpflanzen', 'pflanzen', 'seedlings', 'plants', 'plantjes', 'planten'],
  ['gemeinschaftsgarten', 'community garden', 'jardin partagé', 'jardins partagés', 'buurttuin', 'buurttuinen'],
  // loans
  ['kredit', 'darlehen', 'loan', 'prêt', 'lening', 'kleinkredit', 'microloan'],
]

function fold(s: string) {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase()
}

const groups = THESAURUS.map((group) => group.map((term) => fold(term).split(/[^a-z0-9]+/).filter(Boolean)))

/** The words of every group the text names, except the words already in the text. */
export function expandWords(text: string): string[] {
  const words = new Set(
    fold(text)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  )
  const extra = new Set<string>()
  for (const group of groups) {
    const named = group.some((term) =>
      term.length === 1
        ? words.has(term[0]!) || (term[0]!.length >= 5 && [...words].some((w) => w.length > term[0]!.length && w.includes(term[0]!)))
        : term.every((part) => words.has(part)),
    )
    if (!named) continue
    for (const term of group) for (const part of term) if (!words.has(part)) extra.add(part)
  }
  return [...extra]
}
