import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { type ConceptChip, ConceptChips } from '~/components/listings/concept-chips'
import { SubmitButton } from '~/components/ui/button'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import {
  COMPENSATIONS,
  LISTING_CATEGORIES,
  LISTING_KINDS,
  LISTING_LANGUAGES,
  LIMITS,
  TOOL_CONDITIONS,
  VISIBILITIES,
} from '~/modules/listings/constants'
import { translateError } from '~/utils/forms'
import { useT } from '~/utils/use-t'

/**
 * The listing form, for new and edit. Without JavaScript every category's fieldset is there and
 * only the chosen category's fields are read; rules in app/styles.css (:has) show just the chosen
 * one in browsers that support it, so no script is needed for that either. Fields that only an
 * offer has (a tool's condition and deposit) hide the same way when the kind is "need".
 */

export type ListingFormDefaults = Record<string, unknown>

interface Props {
  lastResult: SubmissionResult<string[]> | undefined
  defaultValue: ListingFormDefaults
  loanLimitEuros: string
  submitLabel: string
  pendingLabel: string
  /** Create: which of my initiatives posts it. */
  initiatives?: { id: string; name: string }[]
  /** Edit: the photos already stored, with a way to remove each. */
  photos?: { id: string; src: string }[]
  photoSlots: number
  /** the centre, for the concept chips' suggestions */
  centreSlug: string
  /** the chips the form starts with (edit: the stored concepts, and the removed ones unticked) */
  concepts?: ConceptChip[]
  children?: ReactNode
}

export function ListingForm({
  lastResult,
  defaultValue,
  loanLimitEuros,
  submitLabel,
  pendingLabel,
  initiatives,
  photos = [],
  photoSlots,
  centreSlug,
  concepts = [],
}: Props) {
  const t = useT()
  const [form, fields] = useForm<Record<string, unknown>>({ lastResult, defaultValue: defaultValue as never, shouldRevalidate: 'onBlur' })
  const initial = (name: string) => {
    let node: unknown = form.initialValue
    for (const part of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined
    return typeof node === 'string' ? node : undefined
  }
  const errorsOf = (name: string) => form.allErrors[name]
  const field = (name: string) => ({ id: `${form.id}-${name.replace('.', '-')}`, name, form: form.id, defaultValue: initial(name) })
  const meta = (name: keyof typeof fields) => fields[name]!
  const photoErrors = errorsOf('photos')
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="listing-form space-y-6">
      <FormErrors errors={form.errors} />
      <fieldset className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.basics')}</legend>
        {initiatives ? (
          <SelectField label={t('listings.fields.initiative')} meta={meta('initiativeId')}>
            {initiatives.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label={t('listings.fields.kind')} meta={meta('kind')}>
            {LISTING_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`listings.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('listings.fields.category')} {...field('details.category')} errors={errorsOf('details.category')}>
            <option value="">{t('listings.fields.chooseCategory')}</option>
            {LISTING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`listings.category.${c}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <Field label={t('listings.fields.title')} meta={meta('title')} maxLength={LIMITS.titleMax} hint={t('listings.fields.titleHint')} />
        <TextareaField label={t('listings.fields.description')} meta={meta('description')} rows={6} maxLength={LIMITS.descriptionMax} />
        <SelectField label={t('listings.fields.language')} meta={meta('language')} hint={t('listings.fields.languageHint')}>
          {LISTING_LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`common.language.names.${l}`)}
            </option>
          ))}
        </SelectField>
        <ConceptChips
          centreSlug={centreSlug}
          formId={form.id}
          initial={concepts}
          initialAdd={initial('conceptAdd')}
          errors={errorsOf('concepts')}
          addErrors={errorsOf('conceptAdd')}
        />
      </fieldset>

      <fieldset data-category="room" className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.room')}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('listings.fields.capacity')} type="number" min={1} max={LIMITS.roomCapacityMax} inputMode="numeric" {...field('details.capacity')} errors={errorsOf('details.capacity')} />
          <Field label={`${t('listings.fields.areaSqm')} ${t('common.optional')}`} type="number" min={1} max={LIMITS.roomAreaMax} inputMode="numeric" {...field('details.areaSqm')} errors={errorsOf('details.areaSqm')} />
        </div>
        <TextareaField label={`${t('listings.fields.equipment')} ${t('common.optional')}`} rows={2} hint={t('listings.fields.equipmentHint')} {...field('details.equipment')} errors={errorsOf('details.equipment')} />
      </fieldset>

      <fieldset data-category="tool" className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.tool')}</legend>
        {/* Condition and deposit are the lender's to give: a need sees a word why, an offer the fields. */}
        <p className="hidden text-sm text-stone-700 [.listing-form:has(select[name=kind]_option[value=need]:checked)_&]:block">
          {t('listings.fields.toolNeedNote')}
        </p>
        <div className="grid gap-4 sm:grid-cols-2 [.listing-form:has(select[name=kind]_option[value=need]:checked)_&]:hidden">
          <SelectField label={t('listings.fields.condition')} {...field('details.condition')} errors={errorsOf('details.condition')}>
            <option value="">{t('listings.fields.chooseCondition')}</option>
            {TOOL_CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {t(`listings.condition.${c}`)}
              </option>
            ))}
          </SelectField>
          <Field label={`${t('listings.fields.deposit')} ${t('common.optional')}`} inputMode="decimal" hint={t('listings.fields.euroHint')} {...field('details.deposit')} errors={errorsOf('details.deposit')} />
        </div>
      </fieldset>

      <fieldset data-category="skill" className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.skill')}</legend>
        <Field label={`${t('listings.fields.estimatedHours')} ${t('common.optional')}`} type="number" min={1} max={LIMITS.skillHoursMax} inputMode="numeric" {...field('details.estimatedHours')} errors={errorsOf('details.estimatedHours')} />
      </fieldset>

      <fieldset data-category="loan" className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.loan')}</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label={t('listings.fields.amount')} inputMode="decimal" hint={t('listings.fields.amountHint', { max: loanLimitEuros })} {...field('details.amount')} errors={errorsOf('details.amount')} />
          <Field label={t('listings.fields.termMonths')} type="number" min={1} max={LIMITS.loanTermMonthsMax} inputMode="numeric" {...field('details.termMonths')} errors={errorsOf('details.termMonths')} />
          <Field label={`${t('listings.fields.interestRate')} ${t('common.optional')}`} inputMode="decimal" hint={t('listings.fields.interestRateHint')} {...field('details.interestRate')} errors={errorsOf('details.interestRate')} />
        </div>
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.terms')}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label={t('listings.fields.compensation')} meta={meta('compensation')}>
            {COMPENSATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`listings.compensation.${c}`)}
              </option>
            ))}
          </SelectField>
          <div data-price>
            <Field label={t('listings.fields.price')} meta={meta('price')} inputMode="decimal" hint={t('listings.fields.priceHint')} />
          </div>
          <Field label={`${t('listings.fields.availableFrom')} ${t('common.optional')}`} type="date" meta={meta('availableFrom')} />
          <Field label={`${t('listings.fields.availableUntil')} ${t('common.optional')}`} type="date" meta={meta('availableUntil')} />
        </div>
        <SelectField label={t('listings.fields.visibility')} meta={meta('visibility')} hint={t('listings.fields.visibilityHint')}>
          {VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`listings.visibility.${v}`)}
            </option>
          ))}
        </SelectField>
        <div data-bookable className="flex items-start gap-2">
          <input
            id={`${form.id}-bookable`}
            type="checkbox"
            name="bookable"
            value="on"
            form={form.id}
            defaultChecked={initial('bookable') === 'on'}
            aria-describedby={`${form.id}-bookable-hint`}
            className="mt-1 size-4"
          />
          <div>
            <label htmlFor={`${form.id}-bookable`} className="text-sm font-medium">
              {t('listings.fields.bookable')}
            </label>
            <p id={`${form.id}-bookable-hint`} className="text-sm text-stone-600">
              {t('listings.fields.bookableHint')}
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-stone-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">{t('listings.fieldsets.photos')}</legend>
        {photos.length ? (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {photos.map((photo, index) => (
              <li key={photo.id}>
                <img src={photo.src} alt={t('listings.detail.photoAlt', { number: index + 1 })} className="aspect-square w-full rounded object-cover" width={160} height={160} loading="lazy" />
                <label className="mt-1 flex items-center gap-2 text-sm">
                  <input type="checkbox" name="removePhoto" value={photo.id} form={form.id} className="size-4" />
                  {t('listings.fields.removePhoto')}
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        {photoSlots > 0 || photos.length ? (
          <div>
            <label htmlFor={`${form.id}-photos`} className="block text-sm font-medium">
              {t('listings.fields.photos')} {t('common.optional')}
            </label>
            <input
              id={`${form.id}-photos`}
              type="file"
              name="photos"
              form={form.id}
              multiple
              accept="image/jpeg,image/png,image/webp"
              aria-describedby={`${form.id}-photos-hint${photoErrors?.length ? ` ${form.id}-photos-error` : ''}`}
              aria-invalid={photoErrors?.length ? true : undefined}
              className="mt-1 block w-full text-sm"
            />
            <p id={`${form.id}-photos-hint`} className="mt-1 text-sm text-stone-600">
              {t('listings.fields.photosHint', { count: 4 })}
            </p>
            {photoErrors?.length ? (
              <ul id={`${form.id}-photos-error`} className="mt-1 text-sm text-red-800">
                {photoErrors.map((e) => (
                  <li key={e}>{translateError(t, e)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
    </Form>
  )
}
