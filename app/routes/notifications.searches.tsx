import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { requireUser } from '~/utils/auth.server'
import { listSavedSearches } from '~/modules/notifications/notifications.server'
import { db } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const searches = await listSavedSearches(db, user.id)
  return { searches: searches.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) }
}

export default function SavedSearchesPage() {
  const t = useT()
  const locale = useLocale()
  const { searches } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeading sub={t('notifications.searches.intro')}>{t('notifications.searches.title')}</PageHeading>
      <p className="mb-4">
        <Link to="/notifications">{t('notifications.title')}</Link>
      </p>
      {searches.length === 0 ? (
        <EmptyState>{t('notifications.searches.empty')}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">{t('notifications.searches.words')}</th>
              <th scope="col">{t('notifications.searches.kind')}</th>
              <th scope="col">{t('notifications.searches.category')}</th>
              <th scope="col">{t('notifications.searches.centre')}</th>
              <th scope="col">{t('notifications.searches.created')}</th>
              <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {searches.map((s) => {
              const words = s.words || t('notifications.searches.anyWords')
              return (
                <tr key={s.id} className="border-b border-stone-200">
                  <td className="py-2">{words}</td>
                  <td>{s.kind ? t(`notifications.listingKinds.${s.kind}`) : t('notifications.searches.any')}</td>
                  <td>{s.category ? t(`notifications.categories.${s.category}`) : t('notifications.searches.any')}</td>
                  <td>
                    <Link to={`/c/${s.centreSlug}`}>{s.centreName}</Link>
                  </td>
                  <td>{formatDate(locale, s.createdAt)}</td>
                  <td>
                    <Form method="post" action={`/c/${s.centreSlug}/searches`}>
                      <input type="hidden" name="id" value={s.id} />
                      <SubmitButton
                        name="intent"
                        value="delete"
                        variant="ghost"
                        formAction={`/c/${s.centreSlug}/searches`}
                        pendingLabel={t('notifications.searches.deleting')}
                        aria-label={`${t('notifications.searches.delete')}: ${words}`}
                      >
                        {t('notifications.searches.delete')}
                      </SubmitButton>
                    </Form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </div>
  )
}
