import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { requireAdmin } from '~/utils/auth.server'
import { adminResetTwoFactorByEmail } from '~/modules/auth/two-factor.server'
import { AdminResetTwoFactorSchema } from '~/modules/auth/two-factor-schemas'
import {
  createCentre,
  getCentreById,
  listAllCentreManagers,
  listCentres,
  removeManager,
  SlugTakenError,
} from '~/modules/centres/centres.server'
import {
  appointManagerByEmail,
  listManagerInvitations,
  resendManagerInvitation,
  revokeManagerInvitation,
} from '~/modules/centres/manager-invitations.server'
import {
  AppointManagerSchema,
  CreateCentreSchema,
  ManagerInvitationSchema,
  RemoveManagerSchema,
} from '~/modules/centres/schemas'
import { publicOrigin } from '~/modules/notifications/outbox.server'
import { db } from '~/utils/db.server'
import { translateError } from '~/utils/forms'
import { parseForm } from '~/utils/forms.server'
import { formatDate } from '~/utils/format'
import { notFound, readFormData } from '~/utils/http.server'
import { LOCALES } from '~/utils/i18n'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const [centres, managers, invitations] = await Promise.all([
    listCentres(db),
    listAllCentreManagers(db),
    listManagerInvitations(db),
  ])
  return {
    centres: centres.map((centre) => ({
      ...centre,
      managers: managers.filter((m) => m.centreId === centre.id),
      invitations: invitations.filter((i) => i.centreId === centre.id),
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const centreId = typeof formData.get('centreId') === 'string' ? String(formData.get('centreId')) : null

  if (intent === 'createCentre') {
    const submission = parseForm(formData, CreateCentreSchema)
    if (submission.status !== 'success') return data({ intent, centreId, result: submission.reply() }, { status: 400 })
    const { intent: _, hourValueEuros, languages, description, ...values } = submission.value
    try {
      const centre = await createCentre(db, admin.id, {
        ...values,
        description: description ?? '',
        hourValueCents: Math.round(hourValueEuros * 100),
        languages: [...new Set(languages)],
      })
      return redirectWithToast('/admin', {
        type: 'success',
        key: 'admin.toast.centreCreated',
        params: { name: centre.name },
      })
    } catch (error) {
      if (!(error instanceof SlugTakenError)) throw error
      return data(
        { intent, centreId, result: submission.reply({ fieldErrors: { slug: ['admin.errors.slugTaken'] } }) },
        { status: 400 },
      )
    }
  }
  if (intent === 'appoint') {
    const submission = parseForm(formData, AppointManagerSchema)
    if (submission.status !== 'success') return data({ intent, centreId, result: submission.reply() }, { status: 400 })
    const centre = await getCentreById(db, submission.value.centreId)
    if (!centre) notFound()
    const outcome = await appointManagerByEmail(db, {
      actor: admin,
      centre,
      email: submission.value.email,
      origin: publicOrigin(),
    })
    return toastFor(outcome, centre.name)
  }
  if (intent === 'revokeInvitation' || intent === 'resendInvitation') {
    const submission = parseForm(formData, ManagerInvitationSchema)
    if (submission.status !== 'success') return data({ intent, centreId, result: submission.reply() }, { status: 400 })
    const { centreId: centre, invitationId } = submission.value
    if (submission.value.intent === 'revokeInvitation') {
      const revoked = await revokeManagerInvitation(db, { actorId: admin.id, centreId: centre, invitationId })
      if (!revoked.ok) return invitationGone(intent, centreId, submission)
      return redirectWithToast('/admin', {
        type: 'success',
        key: 'managerInvitations.toast.revoked',
        params: { email: revoked.email },
      })
    }
    const resent = await resendManagerInvitation(db, { actor: admin, centreId: centre, invitationId, origin: publicOrigin() })
    if (!resent.ok) return invitationGone(intent, centreId, submission)
    return toastFor(resent, resent.centreName)
  }
  if (intent === 'resetTwoFactor') {
    const submission = parseForm(formData, AdminResetTwoFactorSchema)
    if (submission.status !== 'success') return data({ intent, centreId, result: submission.reply() }, { status: 400 })
    const outcome = await adminResetTwoFactorByEmail(db, admin.id, submission.value.email)
    if (outcome !== 'reset') {
      const error = outcome === 'noSuchUser' ? 'security.admin.noSuchUser' : 'security.admin.notOn'
      return data({ intent, centreId, result: submission.reply({ fieldErrors: { email: [error] } }) }, { status: 400 })
    }
    return redirectWithToast('/admin', { type: 'success', key: 'security.toast.adminReset', params: { email: submission.value.email } })
  }
  if (intent === 'removeManager') {
    const submission = parseForm(formData, RemoveManagerSchema)
    if (submission.status !== 'success') return data({ intent, centreId, result: submission.reply() }, { status: 400 })
    const removed = await removeManager(db, admin.id, submission.value.centreId, submission.value.userId)
    if (!removed) notFound()
    return redirectWithToast('/admin', { type: 'success', key: 'admin.toast.managerRemoved' })
  }
  return data({ intent: null, centreId, result: null }, { status: 400 })
}

/** What the admin hears after naming a manager: appointed, already one, or invited by e-mail. */
function toastFor(outcome: Awaited<ReturnType<typeof appointManagerByEmail>>, centre: string) {
  if (outcome.outcome === 'invited') {
    return redirectWithToast('/admin', {
      type: 'success',
      key: 'managerInvitations.toast.sent',
      params: { email: outcome.email, centre },
    })
  }
  return redirectWithToast('/admin', {
    type: outcome.outcome === 'appointed' ? 'success' : 'info',
    key: outcome.outcome === 'appointed' ? 'admin.toast.managerAppointed' : 'admin.toast.alreadyManager',
    params: { name: outcome.name, centre },
  })
}

/** A revoke or resend of an invitation that was used, revoked or replaced meanwhile (another tab, another admin). */
function invitationGone(
  intent: 'revokeInvitation' | 'resendInvitation',
  centreId: string | null,
  submission: { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> },
) {
  return data(
    { intent, centreId, result: submission.reply({ formErrors: ['managerInvitations.errors.gone'] }) },
    { status: 409 },
  )
}

function allErrors(errors: Record<string, string[] | null> | null | undefined) {
  return [...new Set(Object.values(errors ?? {}).flatMap((e) => e ?? []))]
}

type CentreRow = ReturnType<typeof useLoaderData<typeof loader>>['centres'][number]

function CentreCard({ centre }: { centre: CentreRow }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.centreId === centre.id
  const [form, fields] = useForm<z.input<typeof AppointManagerSchema>>({
    id: `appoint-${centre.id}`,
    lastResult: mine && actionData?.intent === 'appoint' ? actionData.result : undefined,
  })
  const locale = useLocale()
  const listErrors =
    mine &&
    (actionData?.intent === 'removeManager' ||
      actionData?.intent === 'revokeInvitation' ||
      actionData?.intent === 'resendInvitation')
      ? allErrors(actionData.result?.error)
      : undefined
  const headingId = `centre-${centre.id}`
  return (
    <li>
      <Card>
        <h3 id={headingId} className="text-lg font-semibold">
          <Link to={`/c/${centre.slug}`}>{centre.name}</Link>
        </h3>
        <p className="text-sm text-stone-700">
          {centre.city}, {centre.country} · /c/{centre.slug} ·{' '}
          {t('admin.centres.initiatives', { count: centre.activeInitiatives })}
        </p>
        <h4 className="mt-4 font-semibold">{t('admin.managers.title')}</h4>
        <FormErrors errors={listErrors} />
        {centre.managers.length ? (
          <ul className="mt-1 divide-y divide-stone-200">
            {centre.managers.map((manager) => (
              <li key={manager.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {manager.name} <span className="text-sm text-stone-700">{manager.email}</span>
                </span>
                <Form method="post">
                  <input type="hidden" name="centreId" value={centre.id} />
                  <input type="hidden" name="userId" value={manager.userId} />
                  <SubmitButton
                    name="intent"
                    value="removeManager"
                    variant="secondary"
                    pendingLabel={t('admin.managers.removing')}
                  >
                    {t('admin.managers.remove')}
                    <span className="sr-only">
                      {t('admin.managers.removeWho', { name: manager.name, centre: centre.name })}
                    </span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-stone-700">
            {centre.invitations.length ? t('managerInvitations.pending.noneYet') : t('admin.managers.none')}
          </p>
        )}
        {centre.invitations.length ? (
          <>
            <h5 className="mt-3 text-sm font-semibold">{t('managerInvitations.pending.title')}</h5>
            <ul className="mt-1 divide-y divide-stone-200">
              {centre.invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="min-w-0 break-words">
                    {invitation.email}{' '}
                    <span className="text-sm text-stone-700">
                      {invitation.state === 'expired'
                        ? t('managerInvitations.pending.expired')
                        : t('managerInvitations.pending.expires', { date: formatDate(locale, invitation.expiresAt) })}
                    </span>
                  </span>
                  <Form method="post" className="flex flex-wrap gap-2">
                    <input type="hidden" name="centreId" value={centre.id} />
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <SubmitButton
                      name="intent"
                      value="resendInvitation"
                      variant="secondary"
                      pendingLabel={t('managerInvitations.pending.resending')}
                    >
                      {t('managerInvitations.pending.resend')}
                      <span className="sr-only">
                        {t('managerInvitations.pending.who', { email: invitation.email, centre: centre.name })}
                      </span>
                    </SubmitButton>
                    <SubmitButton
                      name="intent"
                      value="revokeInvitation"
                      variant="secondary"
                      pendingLabel={t('managerInvitations.pending.revoking')}
                    >
                      {t('managerInvitations.pending.revoke')}
                      <span className="sr-only">
                        {t('managerInvitations.pending.who', { email: invitation.email, centre: centre.name })}
                      </span>
                    </SubmitButton>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <Form
          method="post"
          {...getFormProps(form)}
          // A new form (empty field) once the person named appears among the managers or invitations.
          key={[...centre.managers.map((m) => m.userId), ...centre.invitations.map((i) => i.id)].join(' ')}
          aria-labelledby={headingId}
          className="mt-3 flex flex-wrap items-end gap-3"
        >
          <input type="hidden" name="centreId" value={centre.id} />
          <div className="min-w-0 flex-1 basis-64">
            <FormErrors errors={form.errors} />
            <Field
              label={t('admin.managers.email', { centre: centre.name })}
              meta={fields.email}
              type="email"
              autoComplete="off"
              hint={t('admin.managers.emailHint')}
            />
          </div>
          <SubmitButton name="intent" value="appoint" pendingLabel={t('admin.managers.appointing')}>
            {t('admin.managers.appoint')}
          </SubmitButton>
        </Form>
      </Card>
    </li>
  )
}

function CreateCentreForm() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof CreateCentreSchema>>({
    id: 'create-centre',
    lastResult: actionData?.intent === 'createCentre' ? actionData.result : undefined,
    defaultValue: { moderationMode: 'post', hourValueEuros: '20', languages: ['de'], country: 'DE' },
  })
  const chosen = Array.isArray(fields.languages.initialValue) ? fields.languages.initialValue : ['de']
  // errors of the list and of its items (`languages[0]`: a value that is no language)
  const languageErrors = [...new Set(Object.values(fields.languages.allErrors).flat())]
  return (
    <section aria-labelledby="create-centre-heading">
      <Card>
        <h2 id="create-centre-heading" className="mb-3 text-xl font-bold">
          {t('admin.create.title')}
        </h2>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <FormErrors errors={form.errors} />
          </div>
          <Field label={t('admin.create.name')} meta={fields.name} />
          <Field
            label={t('admin.create.slug')}
            meta={fields.slug}
            hint={t('admin.create.slugHint')}
            autoComplete="off"
          />
          <Field label={t('admin.create.city')} meta={fields.city} />
          <Field
            label={t('admin.create.country')}
            meta={fields.country}
            hint={t('admin.create.countryHint')}
            maxLength={2}
          />
          <div className="sm:col-span-2">
            <TextareaField
              label={`${t('admin.create.description')} ${t('common.optional')}`}
              meta={fields.description}
              rows={3}
            />
          </div>
          <SelectField label={t('admin.create.moderationMode')} meta={fields.moderationMode}>
            {(['post', 'pre'] as const).map((mode) => (
              <option key={mode} value={mode}>
                {t(`admin.moderation.${mode}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('admin.create.hourValue')}
            meta={fields.hourValueEuros}
            type="number"
            inputMode="decimal"
            step="0.01"
            min="1"
            max="1000"
            hint={t('admin.create.hourValueHint')}
          />
          <fieldset
            className="sm:col-span-2"
            aria-describedby={languageErrors?.length ? `${fields.languages.id}-error` : undefined}
          >
            <legend className="text-sm font-medium">{t('admin.create.languages')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {LOCALES.map((lng) => (
                <label key={lng} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    name={fields.languages.name}
                    form={form.id}
                    value={lng}
                    defaultChecked={chosen.includes(lng)}
                  />
                  {t(`common.language.names.${lng}`)}
                </label>
              ))}
            </div>
            {languageErrors?.length ? (
              <ul id={`${fields.languages.id}-error`} className="mt-1 text-sm text-red-800">
                {languageErrors.map((e) => (
                  <li key={e}>{translateError(t, e)}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
          <div className="sm:col-span-2">
            <SubmitButton name="intent" value="createCentre" pendingLabel={t('admin.create.pending')}>
              {t('admin.create.submit')}
            </SubmitButton>
          </div>
        </Form>
      </Card>
    </section>
  )
}

export default function AdminPage() {
  const t = useT()
  const { centres } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // A manager form whose centre is not on the page (a tampered or stale form): its errors go on top.
  const orphan =
    actionData &&
    actionData.intent !== 'createCentre' &&
    actionData.intent !== 'resetTwoFactor' &&
    !centres.some((c) => c.id === actionData.centreId)
      ? allErrors(actionData.result?.error)
      : undefined
  return (
    <div className="space-y-8">
      <PageHeading sub={t('admin.intro')}>{t('admin.title')}</PageHeading>
      <FormErrors errors={orphan} />
      <section aria-labelledby="centres-heading">
        <h2 id="centres-heading" className="mb-3 text-xl font-bold">
          {t('admin.centres.title', { count: centres.length })}
        </h2>
        {centres.length ? (
          <ul className="space-y-4">
            {centres.map((centre) => (
              <CentreCard key={centre.id} centre={centre} />
            ))}
          </ul>
        ) : (
          <EmptyState>{t('admin.centres.none')}</EmptyState>
        )}
      </section>
      <CreateCentreForm />
      <ResetTwoFactorForm />
    </div>
  )
}

/** For a person who lost phone and recovery codes (issue #14 §3, ADR 067); audited. */
function ResetTwoFactorForm() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'reset-two-factor', lastResult: actionData?.intent === 'resetTwoFactor' ? actionData.result : undefined })
  return (
    <Card>
      <h2 className="mb-2 text-xl font-bold">{t('security.admin.title')}</h2>
      <p className="mb-3 text-sm">{t('security.admin.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <Field label={t('security.admin.email')} meta={fields.email} type="email" autoComplete="off" />
        <SubmitButton name="intent" value="resetTwoFactor" variant="danger" pendingLabel={t('security.admin.pending')}>
          {t('security.admin.submit')}
        </SubmitButton>
      </Form>
    </Card>
  )
}
