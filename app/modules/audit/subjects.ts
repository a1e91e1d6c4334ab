/**
 * What an audited act can be done to. The audit log page names each in the reader's language
 * (`audit.subjects.<subject>`); a subject missing here is a type error where it is recorded, and
 * one missing from a language fails subjects.test.ts.
 */
export const AUDIT_SUBJECTS = [
  'booking',
  'centre',
  'exchange',
  'fund',
  'fund_contribution',
  'initiative',
  'ledger_transaction',
  'legal_page',
  'listing',
  'loan',
  'report',
  'report_text',
  'user',
  'vocabulary_concept',
] as const
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number]
