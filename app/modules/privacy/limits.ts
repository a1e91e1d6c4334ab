/**
 * A legal page's text: a privacy notice in full is longer than any other field of Viertel. Kept apart
 * from the schemas (zod) so that the page's form can use it in the browser without them.
 */
export const LEGAL_PAGE_MAX_CHARS = 50_000
