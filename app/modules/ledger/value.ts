/**
 * The in-kind € value of help: the value the exchange names, or else its hours at the centre's
 * hour value. Integer cents, rounded half up to the cent (minutes × cents-per-hour / 60):
 * 50 minutes at 20,00 €/h = 1666,67 cents → 1667 cents. Computed per exchange, never summed
 * from rounded parts.
 */
export function inKindCents(minutes: number, valueCents: number | null | undefined, hourValueCents: number): number {
  if (valueCents != null && valueCents > 0) return valueCents
  if (!minutes) return 0
  return Math.floor((minutes * hourValueCents + 30) / 60)
}
