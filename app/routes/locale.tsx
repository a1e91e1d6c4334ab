import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { setUserLocale } from '~/modules/auth/accounts.server'
import { getUser } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { readFormData, safeRedirectPath } from '~/utils/http.server'
import { isLocale } from '~/utils/i18n'
import { localeCookie } from '~/utils/i18n.server'

export async function loader() {
  return redirect('/')
}

/** Switches the language: a cookie for everyone, and the account's setting for a logged-in user. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const locale = formData.get('locale')
  const back = safeRedirectPath(formData.get('redirectTo'), '/')
  if (!isLocale(locale)) return redirect(back)
  const user = await getUser(request)
  if (user) await setUserLocale(db, user.id, locale)
  return redirect(back, { headers: { 'Set-Cookie': await localeCookie.serialize(locale) } })
}
