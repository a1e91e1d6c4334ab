import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useParams,
  useRouteError,
} from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { buttonClass, SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { getUser, requireVerifiedUser } from '~/modules/auth/guards.server'
import { getMemberRole } from '~/modules/initiatives/initiatives.server'
import {
  acceptInvitation,
  getInvitationByToken,
  isInvitedAccount,
  maskEmail,
} from '~/modules/initiatives/invitations.server'
import { db } from '~/utils/db.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

/** A page opened by a secret link shows whom it is for: never kept by a cache, whoever opens it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' })

export const meta: MetaFunction = () => [{ title: 'Viertel' }, { name: 'referrer', content: 'no-referrer' }]

/**
 * Gone (410) for links that worked once, Not Found for links that never did, Forbidden (403) for
 * a link opened by an account other than the invited one.
 */
const statusFor = (state: string) => (state === 'notFound' ? 404 : state === 'otherRecipient' ? 403 : 410)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const found = params.token ? await getInvitationByToken(db, params.token) : null
  if (!found)
    return data(
        { state: 'notFound' as const, invitation: null, loggedIn: Boolean(user), isMember: false },
      { status: 404 },
    )
  const isMember = user ? Boolean(await getMemberRole(db, found.initiative.id, user.id)) : false
  // The invited address in full only to its owner: a forwarded or leaked link shows it masked.
  const isRecipient = user ? isInvitedAccount(found.invitation.email, user.email) : false
  const invitation = {
    email: isRecipient ? found.invitation.email : maskEmail(found.invitation.email),
    inviterName: found.inviterName,
    initiative: { name: found.initiative.name, slug: found.initiative.slug },
    centre: { name: found.centre.name, slug: found.centre.slug, city: found.centre.city },
  }
  const state = found.state === 'open' && user && !isRecipient && !isMember ? ('otherRecipient' as const) : found.state
  return data(
    { state, invitation, loggedIn: Boolean(user), isMember },
    state === 'open' ? undefined : { status: statusFor(state) },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const outcome = await acceptInvitation(db, { token: params.token ?? '', userId: user.id })
  if (!outcome.ok) return data({ reason: outcome.reason }, { status: statusFor(outcome.reason) })
  return redirectWithToast(`/c/${outcome.centreSlug}/initiatives/${outcome.initiativeSlug}`, {
    type: 'success',
    key: 'invitations.toast.accepted',
  })
}

export default function InvitationPage() {
  const t = useT()
  const { state, invitation, loggedIn, isMember } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const problem = actionData?.reason ?? (state === 'open' ? null : state)
  const params = useParams()
  const here = `/invite/${params.token ?? ''}`
  return (
    <div className="mx-auto max-w-xl">
      <PageHeading>{t('invitations.page.title')}</PageHeading>
      <Card>
        {invitation ? (
          <p className="mb-4">
            {t('invitations.page.text', {
              inviter: invitation.inviterName || t('privacy.formerMember'),
              initiative: invitation.initiative.name,
              centre: invitation.centre.name,
              city: invitation.centre.city,
            })}
          </p>
        ) : null}
        {problem ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
            <p className="font-semibold">{t(`invitations.page.problem.${problem}.title`)}</p>
            <p className="mt-1 text-sm">
              {t(`invitations.page.problem.${problem}.text`, { email: invitation?.email ?? '' })}
            </p>
            {problem === 'otherRecipient' ? (
              <Form method="post" action="/logout" className="mt-3">
                <SubmitButton pendingLabel={t('invitations.page.switchingAccount')}>{t('invitations.page.switchAccount')}</SubmitButton>
              </Form>
            ) : null}
          </div>
        ) : invitation && isMember ? (
          <p>
            {t('invitations.page.alreadyMember')}{' '}
            <Link to={`/c/${invitation.centre.slug}/initiatives/${invitation.initiative.slug}`}>
              {t('invitations.page.toInitiative', { name: invitation.initiative.name })}
            </Link>
          </p>
        ) : invitation && loggedIn ? (
          <Form method="post">
            <SubmitButton pendingLabel={t('invitations.page.accepting')}>
              {t('invitations.page.accept', { name: invitation.initiative.name })}
            </SubmitButton>
          </Form>
        ) : invitation ? (
          <div>
            <p className="mb-3 text-sm">{t('invitations.page.loginFirst', { email: invitation.email })}</p>
            <div className="flex flex-wrap gap-3">
              <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className={buttonClass()}>
                {t('invitations.page.login')}
              </Link>
              <Link to={`/signup?${new URLSearchParams({ redirectTo: here })}`} className={buttonClass('secondary')}>
                {t('invitations.page.signup')}
              </Link>
            </div>
          </div>
        ) : null}
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
