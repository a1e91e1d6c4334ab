/** The person acting, as the domain modules need it (exchanges, loans, bookings). */
export interface Actor {
  id: string
  isAdmin?: boolean
}

/** Field errors as translation keys, per form field, as domain modules return them. */
export type FieldErrors = Record<string, string[]>

/**
 * What every module function answers when it can fail for a reason a person should hear (issue
 * #18, ADR 070): `{ ok: true, …value }` or `{ ok: false, error, fieldErrors? }`. `error` is a short
 * code the route turns into a status and a translated message; `fieldErrors` are translation keys
 * per form field. Thrown errors are for bugs (and the database being away), never for bad input
 * or a refused step.
 */
export type Failure<E extends string = string> = { ok: false; error: E; fieldErrors?: FieldErrors }
export type Success<T extends object = object> = { ok: true } & T
export type Result<T extends object = object, E extends string = string> = Success<T> | Failure<E>

export function ok(): Success
export function ok<T extends object>(value: T): Success<T>
export function ok<T extends object>(value?: T): Success<T> {
  return { ok: true, ...(value as T) }
}

export function fail<E extends string>(error: E, fieldErrors?: FieldErrors): Failure<E> {
  return fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error }
}

/** Bad input, field by field. */
export function invalid(fieldErrors: FieldErrors): Failure<'invalid'> {
  return { ok: false, error: 'invalid', fieldErrors }
}
