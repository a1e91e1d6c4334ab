/** The person acting, as the domain modules need it (exchanges, loans, bookings). */
export interface Actor {
  id: string
  isAdmin?: boolean
}

/** Field errors as translation keys, per form field, as domain modules return them. */
export type FieldErrors = Record<string, string[]>
