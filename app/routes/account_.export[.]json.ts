import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getSessionAndUser, requireUser } from '~/utils/auth.server'
import { redeemExportGrant } from '~/modules/privacy/export-grants.server'
import { personalDataStream } from '~/modules/privacy/export.server'
import { db } from '~/utils/db.server'
import { redirectWithToast } from '~/utils/toast.server'

/**
 * `/account/export.json`: the file itself, streamed as it is read (ADR 068). Only with the grant
 * that typing the password on /account/export left for this session; it works once.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const current = await getSessionAndUser(request)
  if (!current) throw redirect('/login')
  if (!(await redeemExportGrant(db, current.user.id, current.session.id))) {
    return redirectWithToast('/account/export', { type: 'error', key: 'privacy.toast.exportExpired' })
  }
  const day = new Date().toISOString().slice(0, 10)
  return new Response(personalDataStream(db, current.user.id), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="viertel-personal-data-${day}.json"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
