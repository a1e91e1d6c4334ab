/** A string as an SQL literal (standard_conforming_strings), for SQL written once at start-up. */
export const sqlLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`
