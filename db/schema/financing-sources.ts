/**
 * The kinds of money a centre lives on (issue #17 §1, from the study's "many small financing
 * elements"). Unpaid work (hours × a rate the centre sets) and mutual help in kind (from the
 * ledger) are elements of the mix too, but not typed in as amounts. A plain list, without drizzle:
 * the manager's page renders one row per kind in the browser.
 */
export const FINANCING_SOURCES = [
  'ownRevenue',
  'rents',
  'municipalGrants',
  'stateGrants',
  'euProgrammes',
  'foundations',
  'membershipFees',
  'donations',
  'other',
] as const
export type FinancingSource = (typeof FINANCING_SOURCES)[number]
