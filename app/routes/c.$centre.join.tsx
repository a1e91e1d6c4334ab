import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { InitiativeFields } from '~/components/initiative-fields'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireVerifiedUser } from '~/utils/auth.server'
import { applyWithNewInitiative, initiativeNameTaken, listMyInitiatives } from '~/modules/initiatives/initiatives.server'
import { JoinSchema } from '~/modules/initiatives/schemas'
import { publicOrigin } from '~/modules/notifications/outbox.server'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireVerifiedUser(request)
  const mine = await listMyInitiatives(db, user.id, centre.id)
  return { centre: { slug: centre.slug, name: centre.name }, mine }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireVerifiedUser(request)
  const submission = parseForm(await readFormData(request), JoinSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { message, ...profile } = submission.value
  if (await initiativeNameTaken(db, centre.id, profile.name)) {
    return data({ result: submission.reply({ fieldErrors: { name: ['initiatives.errors.nameTaken'] } }) }, { status: 400 })
  }
  const initiative = await applyWithNewInitiative(db, {
    user,
    centre,
    profile,
    message,
    origin: publicOrigin(),
  })
  return redirectWithToast(`/c/${centre.slug}/initiatives/${initiative.slug}`, {
    type: 'success',
    key: 'join.toast.applied',
    params: { name: initiative.name, centre: centre.name },
  })
}

export default function JoinPage() {
  const t = useT()
  const { centre, mine } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof JoinSchema>>({ id: 'join', lastResult: actionData?.result })
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeading sub={t('join.intro', { centre: centre.name })}>
        {t('join.title', { centre: centre.name })}
      </PageHeading>
      {mine.length ? (
        <Card className="mb-6">
          <h2 className="text-lg font-semibold">{t('join.mine')}</h2>
          <ul className="mt-2 space-y-1">
            {mine.map((initiative) => (
              <li key={initiative.id}>
                <Link to={`/c/${centre.slug}/initiatives/${initiative.slug}`}>{initiative.name}</Link>{' '}
                <span className="text-sm text-stone-700">({t(`initiatives.status.${initiative.status}`)})</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-1 text-lg font-semibold">{t('join.newTitle')}</h2>
        <p className="mb-4 text-sm text-stone-700">{t('join.newIntro')}</p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <InitiativeFields fields={fields} />
          <TextareaField
            label={`${t('join.fields.message')} ${t('common.optional')}`}
            meta={fields.message}
            hint={t('join.fields.messageHint')}
            rows={4}
          />
          <SubmitButton pendingLabel={t('join.pending')}>{t('join.submit')}</SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
