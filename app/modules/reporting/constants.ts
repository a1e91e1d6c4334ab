/** Names shared by the reporting module's server side and the console's pages. */
export const CATEGORIES = ['room', 'tool', 'skill', 'loan', 'other'] as const
export const KINDS = ['offer', 'need'] as const
export const EXCHANGE_STATES = ['proposed', 'accepted', 'declined', 'withdrawn', 'completed', 'confirmed', 'disputed', 'cancelled'] as const
export type Category = (typeof CATEGORIES)[number]
export type ExchangeStateName = (typeof EXCHANGE_STATES)[number]

export const EXPORTS = ['initiatives', 'listings', 'exchanges', 'ledger', 'loans'] as const
export type ExportName = (typeof EXPORTS)[number]

export function isExportName(value: unknown): value is ExportName {
  return typeof value === 'string' && (EXPORTS as readonly string[]).includes(value)
}
