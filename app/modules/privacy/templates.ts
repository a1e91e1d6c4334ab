/**
 * The German texts a new platform starts from (issue 14 §5): the admin replaces the bracketed
 * parts on /admin/pages. They are templates, not legal advice; docs/privacy.md says so too.
 */
export const LEGAL_PAGES = ['privacy', 'imprint', 'guide'] as const
export type LegalPage = (typeof LEGAL_PAGES)[number]

export function isLegalPage(value: unknown): value is LegalPage {
  return (LEGAL_PAGES as readonly unknown[]).includes(value)
}

/** The German templates of the legal pages (the guide has a built-in text per language: builtin-texts.server.ts). */
export const GERMAN_TEMPLATES: Record<Exclude<LegalPage, 'guide'>, string> = {
  imprint: `# Impressum

Angaben gemäß § 5 DDG

[Name des Trägervereins]
[Straße und Hausnummer]
[PLZ Ort]

## Vertreten durch

[Vorstand: Vorname Nachname, Vorname Nachname]

## Kontakt

Telefon: [Telefonnummer]
E-Mail: [kontakt@example.org]

## Registereintrag

Eingetragen im Vereinsregister.
Registergericht: [Amtsgericht Ort]
Registernummer: [VR 12345]

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV

[Vorname Nachname, Anschrift wie oben]
`,
  privacy: `# Datenschutzerklärung

## Verantwortlicher

[Name des Trägervereins], [Anschrift], [E-Mail]. Die Angaben stehen auch im [Impressum](/imprint).

## Welche Daten wir verarbeiten

- **Konto:** Name, E-Mail-Adresse, Passwort (nur als Hash), Sprache.
- **Mitwirkung:** Mitgliedschaften in Initiativen, Angebote und Gesuche, Tauschvorgänge, Nachrichten, Darlehen und Buchungen.
- **Sitzungen:** Anmeldezeitpunkt und Ablauf der Sitzung.
- **E-Mails**, die wir dir schicken, und Benachrichtigungen in der App.

Rechtsgrundlage ist Art. 6 Abs. 1 lit. b DSGVO (Nutzungsvertrag) und, für Protokolle und Schutz vor Missbrauch, Art. 6 Abs. 1 lit. f DSGVO.

## Wie lange wir Daten speichern

- Inhalte von E-Mails: 30 Tage nach dem Versand.
- Abgelaufene Sitzungen und Links: werden regelmäßig gelöscht.
- Zähler zum Schutz vor Missbrauch: höchstens 7 Tage.
- Das Tauschbuch (Ledger), Tauschvorgänge und Darlehen sind Aufzeichnungen der Initiativen und bleiben erhalten; nach einer Kontolöschung erscheinst du dort nur noch als „ehemaliges Mitglied“.

## Deine Rechte

Du kannst unter **Mein Konto** alle Daten über dich herunterladen (Auskunft und Übertragbarkeit, Art. 15 und 20 DSGVO) und dein Konto löschen (Art. 17 DSGVO). Außerdem hast du das Recht auf Berichtigung, Einschränkung und Widerspruch sowie das Recht, dich bei einer Datenschutz-Aufsichtsbehörde zu beschweren.

## Kontakt

Fragen zum Datenschutz: [datenschutz@example.org]
`,
}
