import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { normaliseEmail } from '~/modules/auth/accounts.server'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { erasableInCentre, eraseAccount, listErasableInCentre } from '~/modules/privacy/erasure.server'
import { EraseOnRequestSchema } from '~/modules/privacy/schemas'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * `/c/:centre/manage/erasure`: a manager (or admin) carries out the erasure request of someone
 * who cannot log in (Art. 17 GDPR, ADR 068): members of the centre's initiatives only, never staff
 * or admins; the person's e-mail address is typed as a check; audited with the manager as actor.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  return { people: await listErasableInCentre(db, centre.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const manager = await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), EraseOnRequestSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { userId, confirmation } = submission.value
  const person = await erasableInCentre(db, centre.id, userId)
  if (!person) {
    return data({ result: submission.reply({ fieldErrors: { userId: ['privacy.request.notErasable'] } }) }, { status: 400 })
  }
  if (normaliseEmail(confirmation) !== normaliseEmail(person.email)) {
    return data({ result: submission.reply({ fieldErrors: { confirmation: ['privacy.request.confirmationMismatch'] } }) }, { status: 400 })
  }
  const erased = await eraseAccount(db, userId, { by: { id: manager.id, centreId: centre.id } })
  if (!erased.ok) {
    return data({ result: submission.reply({ fieldErrors: { userId: ['privacy.request.notErasable'] } }) }, { status: 409 })
  }
  return redirectWithToast(`/c/${centre.slug}/manage/erasure`, { type: 'success', key: 'privacy.toast.erasedOnRequest' })
}

export default function ErasureOnRequestPage() {
  const t = useT()
  const { people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'privacy-erase-request', lastResult: actionData?.result })
  return (
    <div className="space-y-6">
      <PageHeading sub={t('privacy.request.intro')}>{t('privacy.request.title')}</PageHeading>
      {people.length === 0 ? (
        <EmptyState>{t('privacy.request.none')}</EmptyState>
      ) : (
        <Card>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <SelectField label={t('privacy.request.person')} meta={fields.userId}>
              <option value="">–</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.email})
                </option>
              ))}
            </SelectField>
            <Field label={t('privacy.request.confirmationLabel')} meta={fields.confirmation} autoComplete="off" spellCheck={false} />
            <SubmitButton variant="danger" pendingLabel={t('privacy.request.pending')}>
              {t('privacy.request.submit')}
            </SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  )
}
