import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { FormErrors } from '~/components/ui/field'
import { requireUser } from '~/utils/auth.server'
import { NOTIFICATION_KINDS, NOTIFICATION_MODES, type NotificationKind, type NotificationMode } from '~/modules/notifications/kinds'
import { getPreferences, setPreferences } from '~/modules/notifications/notifications.server'
import { revokeUnsubscribeLinks } from '~/modules/notifications/unsubscribe.server'
import { preferenceField, PreferencesSchema } from '~/modules/notifications/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { modes: await getPreferences(db, user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readFormData(request)
  if (formData.get('intent') === 'revokeLinks') {
    await revokeUnsubscribeLinks(db, user.id)
    return redirectWithToast('/notifications/settings', { type: 'success', key: 'notifications.toast.linksRevoked' })
  }
  const submission = parseForm(formData, PreferencesSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const modes: Partial<Record<NotificationKind, NotificationMode>> = {}
  for (const kind of NOTIFICATION_KINDS) modes[kind] = submission.value[preferenceField(kind)]
  await setPreferences(db, user.id, modes)
  return redirectWithToast('/notifications/settings', { type: 'success', key: 'notifications.toast.preferencesSaved' })
}

export default function NotificationSettingsPage() {
  const t = useT()
  const { modes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formErrors = actionData?.result?.error ? Object.values(actionData.result.error).flat().filter((e): e is string => typeof e === 'string') : undefined
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeading sub={t('notifications.settings.intro')}>{t('notifications.settings.title')}</PageHeading>
      <p className="mb-4">
        <Link to="/notifications">{t('notifications.title')}</Link>
      </p>
      <Card>
        <Form method="post" className="space-y-6">
          <FormErrors errors={formErrors} />
          {NOTIFICATION_KINDS.map((kind) => (
            <fieldset key={kind}>
              <legend className="font-semibold">{t(`notifications.kinds.${kind}.label`)}</legend>
              <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                {NOTIFICATION_MODES.map((mode) => {
                  const id = `${preferenceField(kind)}-${mode}`
                  return (
                    <label key={mode} htmlFor={id} className="inline-flex items-center gap-2 text-sm">
                      <input type="radio" id={id} name={preferenceField(kind)} value={mode} defaultChecked={modes[kind] === mode} />
                      {t(`notifications.modes.${mode}`)}
                    </label>
                  )
                })}
              </div>
            </fieldset>
          ))}
          <SubmitButton pendingLabel={t('notifications.settings.saving')}>{t('notifications.settings.save')}</SubmitButton>
        </Form>
      </Card>
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{t('notifications.settings.links.title')}</h2>
        <p className="mb-3 mt-1 text-sm text-stone-700">{t('notifications.settings.links.intro')}</p>
        <Form method="post">
          <SubmitButton name="intent" value="revokeLinks" variant="secondary" pendingLabel={t('notifications.settings.links.pending')}>
            {t('notifications.settings.links.submit')}
          </SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
