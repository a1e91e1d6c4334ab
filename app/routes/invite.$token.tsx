import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { buttonClass, SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { getUser, requireVerifiedUser } from '~/utils/auth.server'
import { isCentreManager } from '~/modules/centres/centres.server'
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
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

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
  // Already in: a member of the initiative, or for a manager invitation a manager of the centre.
  const isMember = !user
    ? false
    : found.kind === 'manager'
      ? await isCentreManager(db, found.centre.id, user.id)
      : Boolean(await getMemberRole(db, found.initiative.id, user.id))
  // The invited address in full only to its owner: a forwarded or leaked link shows it masked.
  const isRecipient = user ? isInvitedAccount(found.invitation.email, user.email) : false
  const invitation = {
    kind: found.kind,
    email: isRecipient ? found.invitation.email : maskEmail(found.invitation.email),
    inviterName: found.inviterName,
    initiative: found.initiative ? { name: found.initiative.name, slug: found.initiative.slug } : null,
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
  if (!outcome.ok) return data({ reason: outcome.error }, { status: statusFor(outcome.error) })
  if (outcome.kind === 'manager') {
    return redirectWithToast(`/c/${outcome.centreSlug}/manage`, {
      type: 'success',
      key: outcome.alreadyManager ? 'managerInvitations.toast.alreadyManager' : 'managerInvitations.toast.accepted',
    })
  }
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
  // A manager invitation speaks of the centre and the platform admin; a link that never existed has no kind.
  const ns = invitation?.kind === 'manager' ? 'managerInvitations' : 'invitations'
  const initiative = invitation?.initiative ?? null
  return (
    <div className="mx-auto max-w-xl">
      <PageHeading>{t(`${ns}.page.title`)}</PageHeading>
      <Card>
        {invitation ? (
          <p className="mb-4">
            {t(`${ns}.page.text`, {
              inviter: invitation.inviterName || t('privacy.formerMember'),
              initiative: initiative?.name ?? '',
              centre: invitation.centre.name,
              city: invitation.centre.city,
            })}
          </p>
        ) : null}
        {problem ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
            <p className="font-semibold">{t(`${ns}.page.problem.${problem}.title`)}</p>
            <p className="mt-1 text-sm">
              {t(`${ns}.page.problem.${problem}.text`, { email: invitation?.email ?? '' })}
            </p>
            {problem === 'otherRecipient' ? (
              <Form method="post" action="/logout" className="mt-3">
                <SubmitButton pendingLabel={t('invitations.page.switchingAccount')}>{t('invitations.page.switchAccount')}</SubmitButton>
              </Form>
            ) : null}
          </div>
        ) : invitation && isMember ? (
          initiative ? (
            <p>
              {t('invitations.page.alreadyMember')}{' '}
              <Link to={`/c/${invitation.centre.slug}/initiatives/${initiative.slug}`}>
                {t('invitations.page.toInitiative', { name: initiative.name })}
              </Link>
            </p>
          ) : (
            <p>
              {t('managerInvitations.page.alreadyManager')}{' '}
              <Link to={`/c/${invitation.centre.slug}/manage`}>
                {t('managerInvitations.page.toConsole', { centre: invitation.centre.name })}
              </Link>
            </p>
          )
        ) : invitation && loggedIn ? (
          <Form method="post">
            <SubmitButton pendingLabel={t('invitations.page.accepting')}>
              {initiative
                ? t('invitations.page.accept', { name: initiative.name })
                : t('managerInvitations.page.accept', { centre: invitation.centre.name })}
            </SubmitButton>
          </Form>
        ) : invitation ? (
          <div>
            <p className="mb-3 text-sm">{t(`${ns}.page.loginFirst`, { email: invitation.email })}</p>
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
