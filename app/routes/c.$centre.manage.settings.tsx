import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { CentreSettingsSchema } from '~/modules/centres/settings-schemas'
import { settingsOf, updateCentreSettings } from '~/modules/centres/settings.server'
import { db } from '~/utils/db.server'
import { translateError } from '~/utils/forms'
import { parseForm } from '~/utils/forms.server'
import { LOCALES } from '~/utils/i18n'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  return { centre: { slug: centre.slug, name: centre.name }, settings: settingsOf(centre) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), CentreSettingsSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  await updateCentreSettings(db, { centreId: centre.id, actorId: user.id, settings: submission.value })
  return redirectWithToast(`/c/${centre.slug}/manage/settings`, { type: 'success', key: 'reporting.settings.toast.saved' })
}

export default function SettingsPage() {
  const t = useT()
  const { centre, settings } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: {
      ...settings,
      hourValueEuros: String(settings.hourValueEuros),
      loanLimitEuros: String(settings.loanLimitEuros),
      exchangeCapHours: String(Math.round(settings.exchangeCapHours * 100) / 100),
      exchangeCapEuros: String(settings.exchangeCapEuros),
      foundingYear: settings.foundingYear ? String(settings.foundingYear) : '',
      legalForm: settings.legalForm ?? '',
      fundingMix: settings.fundingMix ?? '',
      embedOrigins: settings.embedOrigins.join('\n'),
      place: settings.latitude !== null && settings.longitude !== null ? `${settings.latitude}, ${settings.longitude}` : '',
    },
  })
  const languageErrors = fields.languages.errors
  return (
    <div className="space-y-6">
      <PageHeading sub={t('reporting.settings.intro')}>{t('reporting.settings.title')}</PageHeading>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormErrors errors={form.errors} />
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">{t('reporting.settings.economy')}</h2>
          <SelectField label={t('reporting.settings.moderationMode')} meta={fields.moderationMode} hint={t('reporting.settings.moderationHint')}>
            <option value="post">{t('reporting.settings.modes.post')}</option>
            <option value="pre">{t('reporting.settings.modes.pre')}</option>
          </SelectField>
          <Field label={t('reporting.settings.hourValue')} meta={fields.hourValueEuros} inputMode="decimal" hint={t('reporting.settings.hourValueHint')} />
          <Field label={t('reporting.settings.loanLimit')} meta={fields.loanLimitEuros} inputMode="decimal" />
          <Field label={t('reporting.settings.exchangeCapHours')} meta={fields.exchangeCapHours} inputMode="decimal" hint={t('reporting.settings.exchangeCapHint')} />
          <Field label={t('reporting.settings.exchangeCapEuros')} meta={fields.exchangeCapEuros} inputMode="decimal" />
          <Field label={t('reporting.settings.timeZone')} meta={fields.timeZone} hint={t('reporting.settings.timeZoneHint')} />
          <fieldset aria-describedby={languageErrors?.length ? 'languages-error' : undefined}>
            <legend className="text-sm font-medium">{t('reporting.settings.languages')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {LOCALES.map((locale) => (
                <label key={locale} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name={fields.languages.name} value={locale} defaultChecked={settings.languages.includes(locale)} />
                  {t(`reporting.settings.language.${locale}`)}
                </label>
              ))}
            </div>
            {languageErrors?.length ? (
              <ul id="languages-error" className="mt-1 text-sm text-red-800">
                {languageErrors.map((e) => (
                  <li key={e}>{translateError(t, e)}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
        </Card>
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">{t('reporting.settings.profile')}</h2>
          <TextareaField label={t('reporting.settings.description')} meta={fields.description} rows={5} />
          <Field label={t('reporting.settings.foundingYear')} meta={fields.foundingYear} inputMode="numeric" />
          <Field label={t('reporting.settings.legalForm')} meta={fields.legalForm} />
          <TextareaField label={t('reporting.settings.fundingMix')} meta={fields.fundingMix} rows={3} hint={t('reporting.settings.fundingMixHint')} />
          <Field label={t('reporting.settings.place')} meta={fields.place} inputMode="decimal" hint={t('reporting.settings.placeHint')} />
        </Card>
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">{t('reporting.settings.embed')}</h2>
          <p className="text-sm text-stone-700">
            {t('reporting.settings.embedIntro')}{' '}
            <a href={`/c/${centre.slug}/embed`} className="inline-block py-1">
              {t('reporting.settings.embedPreview')}
            </a>
          </p>
          <TextareaField label={t('reporting.settings.embedOrigins')} meta={fields.embedOrigins} rows={3} hint={t('reporting.settings.embedOriginsHint')} />
        </Card>
        <SubmitButton pendingLabel={t('reporting.settings.saving')}>{t('reporting.settings.save')}</SubmitButton>
      </Form>
    </div>
  )
}
