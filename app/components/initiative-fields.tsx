import { Field, SelectField, TextareaField } from '~/components/ui/field'
import { INITIATIVE_KINDS } from '~/modules/initiatives/kinds'
import { useT } from '~/utils/use-t'

/** What the ui fields read from conform's field metadata. */
type Meta = { id: string; name: string; formId: string; initialValue?: unknown; errors?: string[] }

/** The profile fields of an initiative, shared by the join form and the owner's edit form. */
export function InitiativeFields({
  fields,
}: {
  fields: { name: Meta; kind: Meta; sector: Meta; description: Meta; website: Meta; contactEmail: Meta }
}) {
  const t = useT()
  return (
    <>
      <Field label={t('initiatives.fields.name')} meta={fields.name} autoComplete="organization" />
      <SelectField label={t('initiatives.fields.kind')} meta={fields.kind}>
        <option value="">{t('initiatives.fields.kindChoose')}</option>
        {INITIATIVE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`initiatives.kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      <Field
        label={`${t('initiatives.fields.sector')} ${t('common.optional')}`}
        meta={fields.sector}
        hint={t('initiatives.fields.sectorHint')}
      />
      <TextareaField
        label={`${t('initiatives.fields.description')} ${t('common.optional')}`}
        meta={fields.description}
        rows={5}
      />
      <Field
        label={`${t('initiatives.fields.website')} ${t('common.optional')}`}
        meta={fields.website}
        type="url"
        inputMode="url"
      />
      <Field
        label={`${t('initiatives.fields.contactEmail')} ${t('common.optional')}`}
        meta={fields.contactEmail}
        type="email"
        autoComplete="email"
      />
    </>
  )
}
