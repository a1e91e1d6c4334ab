import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getMemberships, isManagerOf, requireCentre, requireUser } from '~/utils/auth.server'
import { deleteSavedSearch, saveSearch, TooManySavedSearchesError, MAX_SAVED_SEARCHES } from '~/modules/notifications/notifications.server'
import { DeleteSearchSchema, SaveSearchSchema } from '~/modules/notifications/schemas'
import { db } from '~/utils/db.server'
import { resolveLocale } from '~/utils/i18n.server'
import { parseForm } from '~/utils/forms.server'
import { forbidden, notFound, readFormData, safeRedirectPath } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/** Saved searches live on /notifications/searches; this address only takes the forms. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request)
  await requireCentre(params.centre)
  return redirect('/notifications/searches')
}

/**
 * Save the search of the listings page (`words`, `kind`, `category`), or delete one of mine
 * (`intent=delete`). Saving needs an active membership (or the manager role) in this centre.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readFormData(request)
  if (formData.get('intent') === 'delete') {
    const submission = parseForm(formData, DeleteSearchSchema)
    if (submission.status !== 'success') notFound()
    if (!(await deleteSavedSearch(db, user.id, submission.value.id))) notFound()
    return redirectWithToast('/notifications/searches', { type: 'success', key: 'notifications.toast.searchDeleted' })
  }
  const memberships = await getMemberships(user.id, centre.id)
  if (!memberships.some((m) => m.initiative.status === 'active') && !(await isManagerOf(user, centre))) forbidden()
  // The form sits on the listings page: without JavaScript a bad submission goes back there with a message.
  const back = safeRedirectPath(formData.get('redirectTo'), `/c/${centre.slug}/listings`)
  const submission = parseForm(formData, SaveSearchSchema)
  if (submission.status !== 'success') {
    return redirectWithToast(back, { type: 'error', key: 'notifications.errors.emptySearch' }, { status: 303 })
  }
  try {
    await saveSearch(db, user.id, centre.id, {
      words: submission.value.words,
      kind: submission.value.kind ?? null,
      category: submission.value.category ?? null,
    }, { language: await resolveLocale(request, user.locale) })
  } catch (error) {
    if (!(error instanceof TooManySavedSearchesError)) throw error
    return redirectWithToast(back, { type: 'error', key: 'notifications.errors.tooManySearches', params: { max: MAX_SAVED_SEARCHES } }, { status: 303 })
  }
  return redirectWithToast('/notifications/searches', { type: 'success', key: 'notifications.toast.searchSaved' })
}
