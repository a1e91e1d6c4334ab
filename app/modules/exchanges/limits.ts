/**
 * Upper bounds of one exchange: 1000 hours, 100 000 €. The database checks the same bounds
 * (db/schema/exchanges.ts; a unit test keeps the two equal). Plain numbers here, so that pages
 * can use them without pulling the schema into the browser.
 */
export const MAX_EXCHANGE_MINUTES = 60_000
export const MAX_EXCHANGE_CENTS = 10_000_000
