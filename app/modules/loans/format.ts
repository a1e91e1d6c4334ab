/** Plain helpers shared with the browser; kept apart from the zod schemas so pages do not ship zod. */
export function percentFromBasisPoints(bp: number) {
  return (bp / 100).toString()
}
