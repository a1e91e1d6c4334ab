/**
 * Words every listing uses ("gesucht", "biete", "lend", "besoin"…): shared, they say nothing
 * about fit, so they never count as matching words (all four languages; stemmed by the query).
 */
export const GENERIC_WORDS = [
  // de
  'suche', 'suchen', 'gesucht', 'brauchen', 'benötigt', 'biete', 'bieten', 'angebot', 'verleihen', 'leihen', 'ausleihen',
  'hilfe', 'helfen', 'unterstützung', 'initiative', 'projekt', 'zentrum', 'gerne', 'möglich', 'kostenlos', 'tausch',
  // en
  'need', 'needed', 'looking', 'wanted', 'offer', 'offering', 'lend', 'borrow', 'help', 'support', 'project', 'centre',
  'available', 'free', 'please',
  // fr
  'cherche', 'cherchons', 'recherche', 'besoin', 'offre', 'offrons', 'propose', 'proposons', 'prête', 'prêter', 'emprunter',
  'aide', 'aider', 'projet', 'centre', 'disponible', 'gratuit',
  // nl
  'zoek', 'zoeken', 'gezocht', 'nodig', 'bied', 'bieden', 'aanbod', 'lenen', 'uitlenen', 'hulp', 'helpen', 'project',
  'centrum', 'beschikbaar', 'gratis',
  // arrangements, times and condition: every kind of listing says them, none tells what it is
  'absprache', 'vereinbarung', 'arrangement', 'afspraak', 'kurzfristig', 'notice', 'préavis', 'einweisung', 'introduction',
  'initiation', 'uitleg', 'stunde', 'stunden', 'hour', 'hours', 'heure', 'heures', 'uur', 'uren', 'woche', 'wochen',
  'wochenende', 'week', 'weeks', 'weekend', 'semaine', 'semaines', 'weken', 'samstag', 'sonntag', 'saturday', 'sunday',
  'samedi', 'dimanche', 'zaterdag', 'zondag', 'zustand', 'erhalten', 'condition', 'état', 'staat', 'gut', 'good', 'bon',
  'goed', 'goede', 'abholen', 'récupérer', 'ophalen', 'gegenseitig', 'mutual', 'mutuel', 'wederzijds', 'mitglieder',
  'members', 'membres', 'leden',
] as const
