import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { InitiativeListings } from '~/components/listings/initiative-listings'
import { ReciprocitySection } from '~/components/exchanges/reciprocity'
import { InitiativeFields } from '~/components/initiative-fields'
import { SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { allErrors, Field, FormErrors } from '~/components/ui/field'
import { getUser, isManagerOf, listingViewer, requireCentre, requireMember, requireUser } from '~/utils/auth.server'
import {
  getInitiativeBySlug,
  getMemberRole,
  isOpenForOwners,
  listMembers,
  makeOwner,
  removeMember,
  initiativeNameTaken,
  updateInitiativeProfile,
} from '~/modules/initiatives/initiatives.server'
import { inviteMember, listPendingInvitations, revokeInvitation } from '~/modules/initiatives/invitations.server'
import { reciprocity } from '~/modules/ledger/ledger.server'
import {
  EditProfileSchema,
  InviteSchema,
  LeaveSchema,
  MakeOwnerSchema,
  RemoveMemberSchema,
  RevokeInvitationSchema,
} from '~/modules/initiatives/schemas'
import { listInitiativeListings } from '~/modules/listings/listings.server'
import { publicOrigin } from '~/modules/notifications/outbox.server'
import { db } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { forbidden, notFound, readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/**
 * The initiative's profile. Public when the initiative is active; while it applies (or after a
 * rejection) only its own people and the centre's managers see it. The loader returns one
 * object per section, so other domains (its listings, given/received) add their own key.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await getUser(request)
  const initiative = params.slug ? await getInitiativeBySlug(db, centre.id, params.slug) : null
  if (!initiative) notFound()
  const [role, isManager] = await Promise.all([
    user ? getMemberRole(db, initiative.id, user.id) : Promise.resolve(null),
    isManagerOf(user, centre),
  ])
  if (initiative.status !== 'active' && !role && !isManager) notFound()
  const isOwner = role === 'owner' && isOpenForOwners(initiative.status)
  const [members, invitations] = await Promise.all([
    role || isManager ? listMembers(db, initiative.id) : Promise.resolve(null),
    isOwner ? listPendingInvitations(db, initiative.id) : Promise.resolve(null),
  ])
  return {
    centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone },
    initiative: {
      id: initiative.id,
      slug: initiative.slug,
      name: initiative.name,
      kind: initiative.kind,
      sector: initiative.sector,
      description: initiative.description,
      website: initiative.website,
      contactEmail: initiative.contactEmail,
      status: initiative.status,
      decisionMessage: role || isManager ? initiative.decisionMessage : null,
    },
    viewer: { userId: user?.id ?? null, role, isManager, isOwner },
    people: members ? { members, invitations } : null,
    // sections of other domains go here (e.g. listings: await listInitiativeListings(…))
    listings: await listInitiativeListings(db, await listingViewer(user, centre), centre.id, initiative.id),
    reciprocity: await reciprocity(db, initiative.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireUser(request)
  const initiative = params.slug ? await getInitiativeBySlug(db, centre.id, params.slug) : null
  if (!initiative) notFound()
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'leave') {
    // any member leaves on their own; the last owner hands the initiative on first
    await requireMember(user, initiative.id, centre, { allowInactive: true })
    const submission = parseForm(formData, LeaveSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const outcome = await removeMember(db, { centreId: centre.id, initiativeId: initiative.id, userId: user.id, actorId: user.id })
    if (!outcome.ok && outcome.error === 'notFound') notFound()
    if (!outcome.ok) {
      // owners hand on only while the initiative is open to them (not suspended or rejected)
      const key = !isOpenForOwners(initiative.status)
        ? 'initiatives.errors.lastOwnerClosed'
        : outcome.error === 'lastMember'
          ? 'initiatives.errors.lastMember'
          : 'initiatives.errors.lastOwnerLeaving'
      return data({ intent, result: submission.reply({ formErrors: [key] }) }, { status: 400 })
    }
    return redirectWithToast(`/c/${centre.slug}`, { type: 'success', key: 'initiatives.toast.left', params: { name: initiative.name } })
  }
  await requireMember(user, initiative.id, centre, { role: 'owner', allowInactive: true })
  if (!isOpenForOwners(initiative.status)) forbidden()
  const here = `/c/${centre.slug}/initiatives/${initiative.slug}`
  if (intent === 'makeOwner') {
    const submission = parseForm(formData, MakeOwnerSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const outcome = await makeOwner(db, { centreId: centre.id, initiativeId: initiative.id, userId: submission.value.userId, actorId: user.id })
    // the person left, or was made an owner, meanwhile
    if (!outcome.ok) return data({ intent, result: submission.reply({ formErrors: ['initiatives.errors.notAMember'] }) }, { status: 409 })
    const [promoted] = (await listMembers(db, initiative.id)).filter((m) => m.userId === submission.value.userId)
    return redirectWithToast(here, { type: 'success', key: 'initiatives.toast.promoted', params: { name: promoted?.name ?? '' } })
  }

  if (intent === 'profile') {
    const submission = parseForm(formData, EditProfileSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const { intent: _, ...profile } = submission.value
    if (await initiativeNameTaken(db, centre.id, profile.name, initiative.id)) {
      return data({ intent, result: submission.reply({ fieldErrors: { name: ['initiatives.errors.nameTaken'] } }) }, { status: 400 })
    }
    await updateInitiativeProfile(db, { centreId: centre.id, initiativeId: initiative.id, profile })
    return redirectWithToast(here, { type: 'success', key: 'initiatives.toast.saved' })
  }
  if (intent === 'invite') {
    const submission = parseForm(formData, InviteSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const outcome = await inviteMember(db, {
      centre,
      initiative,
      inviter: user,
      email: submission.value.email,
      origin: publicOrigin(),
    })
    if (!outcome.ok) {
      return data(
        { intent, result: submission.reply({ fieldErrors: { email: ['invitations.errors.alreadyMember'] } }) },
        { status: 400 },
      )
    }
    return redirectWithToast(here, {
      type: 'success',
      key: 'invitations.toast.sent',
      params: { email: outcome.invitation.email },
    })
  }
  if (intent === 'revoke') {
    const submission = parseForm(formData, RevokeInvitationSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const revoked = await revokeInvitation(db, {
      centreId: centre.id,
      initiativeId: initiative.id,
      invitationId: submission.value.invitationId,
      actorId: user.id,
    })
    if (!revoked) notFound()
    return redirectWithToast(here, { type: 'success', key: 'invitations.toast.revoked' })
  }
  if (intent === 'remove') {
    const submission = parseForm(formData, RemoveMemberSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const outcome = await removeMember(db, {
      centreId: centre.id,
      initiativeId: initiative.id,
      userId: submission.value.userId,
      actorId: user.id,
    })
    if (!outcome.ok && outcome.error === 'notFound') notFound()
    if (!outcome.ok) {
      const key = outcome.error === 'lastMember' ? 'initiatives.errors.lastMember' : 'initiatives.errors.lastOwner'
      return data({ intent, result: submission.reply({ formErrors: [key] }) }, { status: 400 })
    }
    // Removing oneself: the page may no longer be visible, so go to the centre.
    const to = submission.value.userId === user.id ? `/c/${centre.slug}` : here
    return redirectWithToast(to, { type: 'success', key: 'initiatives.toast.removed' })
  }
  return data({ intent: null, result: null }, { status: 400 })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function ProfileSection({ initiative }: { initiative: LoaderData['initiative'] }) {
  const t = useT()
  return (
    <Card>
      <h1 className="text-2xl font-bold">{initiative.name}</h1>
      <p className="text-stone-700">
        {t(`initiatives.kinds.${initiative.kind}`)}
        {initiative.sector ? ` · ${initiative.sector}` : ''}
      </p>
      {initiative.status !== 'active' ? (
        <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t(`initiatives.profile.statusNote.${initiative.status}`)}
          {initiative.decisionMessage ? (
            <span className="mt-1 block whitespace-pre-line">{initiative.decisionMessage}</span>
          ) : null}
        </p>
      ) : null}
      {initiative.description ? <p className="mt-4 whitespace-pre-line">{initiative.description}</p> : null}
      {initiative.website || initiative.contactEmail ? (
        <dl className="mt-4 space-y-1 text-sm">
          {initiative.website ? (
            <div>
              <dt className="inline font-medium">{t('initiatives.fields.website')}: </dt>
              <dd className="inline">
                <a href={initiative.website} rel="noopener noreferrer nofollow">
                  {initiative.website}
                </a>
              </dd>
            </div>
          ) : null}
          {initiative.contactEmail ? (
            <div>
              <dt className="inline font-medium">{t('initiatives.fields.contactEmail')}: </dt>
              <dd className="inline">
                <a href={`mailto:${initiative.contactEmail}`}>{initiative.contactEmail}</a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </Card>
  )
}

function PeopleSection({
  people,
  viewer,
}: {
  people: NonNullable<LoaderData['people']>
  viewer: LoaderData['viewer']
}) {
  const t = useT()
  const locale = useLocale()
  const { centre } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // Removing and revoking have only hidden fields: whatever went wrong shows above the list.
  const listErrors =
    actionData?.intent === 'remove' || actionData?.intent === 'revoke' || actionData?.intent === 'leave' || actionData?.intent === 'makeOwner'
      ? allErrors(actionData.result)
      : undefined
  const [inviteForm, inviteFields] = useForm<z.input<typeof InviteSchema>>({
    id: 'invite',
    lastResult: actionData?.intent === 'invite' ? actionData.result : undefined,
  })
  return (
    <Card>
      <h2 id="people-heading" className="text-lg font-semibold">
        {t('initiatives.people.title', { count: people.members.length })}
      </h2>
      <FormErrors errors={listErrors} />
      <ul className="mt-3 divide-y divide-stone-200">
        {people.members.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">{member.name}</span>{' '}
              <span className="text-sm text-stone-700">
                {member.email} · {t(`initiatives.roles.${member.role}`)}
              </span>
            </span>
            {member.userId === viewer.userId && viewer.role ? (
              <Form method="post">
                <SubmitButton name="intent" value="leave" variant="secondary" pendingLabel={t('initiatives.people.leaving')}>
                  {t('initiatives.people.leave')}
                </SubmitButton>
              </Form>
            ) : viewer.isOwner ? (
              <span className="flex flex-wrap gap-2">
                {member.role === 'member' ? (
                  <Form method="post">
                    <input type="hidden" name="userId" value={member.userId} />
                    <SubmitButton name="intent" value="makeOwner" variant="secondary" pendingLabel={t('initiatives.people.promoting')}>
                      {t('initiatives.people.promote', { name: member.name })}
                    </SubmitButton>
                  </Form>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="userId" value={member.userId} />
                  <SubmitButton name="intent" value="remove" variant="secondary" pendingLabel={t('initiatives.people.removing')}>
                    {t('initiatives.people.remove', { name: member.name })}
                  </SubmitButton>
                </Form>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {viewer.isOwner && people.invitations ? (
        <>
          <h3 className="mt-6 font-semibold">{t('invitations.pending.title')}</h3>
          {people.invitations.length ? (
            <ul className="mt-2 divide-y divide-stone-200">
              {people.invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    {invitation.email}{' '}
                    <span className="text-sm text-stone-700">
                      {invitation.state === 'expired'
                        ? t('invitations.pending.expired')
                        : t('invitations.pending.expires', {
                            date: formatDate(locale, invitation.expiresAt, centre.timeZone),
                          })}
                    </span>
                  </span>
                  <Form method="post">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <SubmitButton
                      name="intent"
                      value="revoke"
                      variant="secondary"
                      pendingLabel={t('invitations.pending.revoking')}
                    >
                      {t('invitations.pending.revoke', { email: invitation.email })}
                    </SubmitButton>
                  </Form>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-stone-700">{t('invitations.pending.none')}</p>
          )}
          <h3 className="mt-6 font-semibold">{t('invitations.form.title')}</h3>
          <p className="text-sm text-stone-700">{t('invitations.form.intro')}</p>
          <Form method="post" {...getFormProps(inviteForm)} className="mt-3 space-y-3">
            <FormErrors errors={inviteForm.errors} />
            <Field label={t('invitations.form.email')} meta={inviteFields.email} type="email" autoComplete="off" />
            <SubmitButton name="intent" value="invite" pendingLabel={t('invitations.form.pending')}>
              {t('invitations.form.submit')}
            </SubmitButton>
          </Form>
        </>
      ) : null}
    </Card>
  )
}

function EditSection({ initiative }: { initiative: LoaderData['initiative'] }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const failed = actionData?.intent === 'profile'
  const [form, fields] = useForm<z.input<typeof EditProfileSchema>>({
    id: 'edit-profile',
    lastResult: failed ? actionData.result : undefined,
    defaultValue: {
      name: initiative.name,
      kind: initiative.kind,
      sector: initiative.sector,
      description: initiative.description,
      website: initiative.website ?? '',
      contactEmail: initiative.contactEmail ?? '',
    },
  })
  return (
    <Card>
      <details open={failed || undefined}>
        <summary className="cursor-pointer text-lg font-semibold">{t('initiatives.edit.title')}</summary>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <FormErrors errors={form.errors} />
          <InitiativeFields fields={fields} />
          <SubmitButton name="intent" value="profile" pendingLabel={t('common.saving')}>
            {t('initiatives.edit.submit')}
          </SubmitButton>
        </Form>
      </details>
    </Card>
  )
}

export default function InitiativePage() {
  const { initiative, viewer, people, centre, reciprocity: reciprocityData, listings } = useLoaderData<typeof loader>()
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <ProfileSection initiative={initiative} />
        {/* sections of other domains go here */}
        <InitiativeListings
          listings={listings}
          newHref={viewer.role && initiative.status === 'active' ? `/c/${centre.slug}/listings/new` : null}
        />
        <ReciprocitySection data={reciprocityData} centreSlug={centre.slug} />
      </div>
      <aside className="space-y-6">
        {people ? <PeopleSection people={people} viewer={viewer} /> : null}
        {viewer.isOwner ? <EditSection initiative={initiative} /> : null}
      </aside>
    </div>
  )
}
