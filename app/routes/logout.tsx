import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { clearedSessionCookie } from '~/utils/session-cookie.server'
import { getSessionAndUser } from '~/utils/auth.server'
import { invalidateSession } from '~/modules/auth/session.server'
import { db } from '~/utils/db.server'
import { toastHeader } from '~/utils/toast.server'

export async function loader() {
  // Logging out changes state, so it is a POST; a GET just goes home.
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const current = await getSessionAndUser(request)
  if (current) await invalidateSession(db, current.session.id)
  const headers = new Headers()
  headers.append('Set-Cookie', clearedSessionCookie())
  headers.append('Set-Cookie', await toastHeader({ type: 'info', key: 'auth.toast.loggedOut' }))
  return redirect('/', { headers })
}
