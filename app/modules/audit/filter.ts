import { isCalendarDate } from '~/utils/time'
import { isUuid } from '~/utils/misc'

export const AUDIT_PAGE_SIZE = 50
const GROUP = /^[a-z][a-z_]{0,39}$/

export interface AuditQuery {
  actor: string
  group: string
  from: string
  to: string
  page: number
}

/** Reads the audit log's filter from a query string; bad values are field errors, never a 500. */
export function parseAuditQuery(params: URLSearchParams): { query: AuditQuery; errors: Record<string, string[]> | null } {
  const get = (name: string) => params.get(name)?.trim() ?? ''
  const errors: Record<string, string[]> = {}
  const actor = get('actor')
  const group = get('kind')
  const from = get('from')
  const to = get('to')
  const pageText = get('page') || '1'
  if (actor && !isUuid(actor)) errors.actor = ['validation.choice']
  if (group && !GROUP.test(group)) errors.kind = ['validation.choice']
  if (from && !isCalendarDate(from)) errors.from = ['validation.date']
  if (to && !isCalendarDate(to)) errors.to = ['validation.date']
  if (from && to && isCalendarDate(from) && isCalendarDate(to) && to <= from) errors.to = ['reporting.errors.order']
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1
  const ok = Object.keys(errors).length === 0
  return {
    query: ok ? { actor, group, from, to, page } : { actor: '', group: '', from: '', to: '', page: 1 },
    errors: ok ? null : errors,
  }
}
