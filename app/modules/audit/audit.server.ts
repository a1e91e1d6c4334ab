import type { DbOrTx } from '#db/connect'
import { auditLog } from '#db/schema'
import type { AuditSubject } from './subjects'

export interface AuditEntry {
  centreId: string | null
  actorId: string | null
  /** dotted verb, e.g. `application.admitted`, `centre.created` */
  action: string
  /** what the act was done to: one of AUDIT_SUBJECTS, each named in `audit.subjects.*` of every language */
  subjectType: AuditSubject
  subjectId: string
  details?: Record<string, unknown>
}

/** The one way to write the audit log; call it inside the transaction of the act it records. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry) {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? {} })
}
