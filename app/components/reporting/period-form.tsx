import { Form } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { useT } from '~/utils/use-t'

export interface PeriodFormValues {
  preset: string
  from: string
  to: string
  year: string
}

const PRESETS = ['last30', 'month', 'last12', 'year'] as const

/**
 * The period picker: two GET forms (they work without JavaScript; the URL names the period). A
 * preset and the own dates are separate forms, so each button sends only its own fields: in one
 * form, dates typed while the list still said "this month" were dropped without a word (issue #19).
 */
export function PeriodForm({ values, errors, action }: { values: PeriodFormValues; errors?: Record<string, string[]>; action?: string }) {
  const t = useT()
  const preset = (PRESETS as readonly string[]).includes(values.preset) ? values.preset : undefined
  return (
    <div className="no-print grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Form method="get" action={action} aria-label={t('reporting.period.label')}>
        <fieldset className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,8rem)_auto]">
          <legend className="mb-2 text-sm font-semibold">{t('reporting.period.label')}</legend>
          <SelectField label={t('reporting.period.preset')} name="period" defaultValue={preset} errors={errors?.period}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`reporting.period.presets.${p}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('reporting.period.year')}
            name="year"
            inputMode="numeric"
            defaultValue={values.year}
            errors={errors?.year}
            hint={t('reporting.period.yearHint')}
          />
          <SubmitButton variant="secondary" className="sm:mt-6" pendingLabel={t('reporting.period.showing')}>
            {t('reporting.period.show')}
          </SubmitButton>
        </fieldset>
      </Form>
      <Form method="get" action={action} aria-label={t('reporting.period.presets.custom')}>
        <input type="hidden" name="period" value="custom" />
        <fieldset className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]">
          <legend className="mb-2 text-sm font-semibold">{t('reporting.period.presets.custom')}</legend>
          <Field label={t('reporting.period.from')} name="from" type="date" required defaultValue={values.from} errors={errors?.from} />
          <Field
            label={t('reporting.period.to')}
            name="to"
            type="date"
            required
            defaultValue={values.to}
            errors={errors?.to}
            hint={t('reporting.period.toHint')}
          />
          <SubmitButton variant="secondary" className="sm:mt-6" pendingLabel={t('reporting.period.showing')}>
            {t('reporting.period.show')}
          </SubmitButton>
        </fieldset>
      </Form>
    </div>
  )
}
