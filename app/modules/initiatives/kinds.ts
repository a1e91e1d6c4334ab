/** Plain constants shared with the browser; kept apart from the zod schemas so pages do not ship zod. */
export const INITIATIVE_KINDS = ['enterprise', 'cooperative', 'association', 'project', 'other'] as const
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number]
