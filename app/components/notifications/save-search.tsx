import { Form } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { useT } from '~/utils/use-t'

/**
 * "Save this search" for the listings page: posts the current words and filters to
 * /c/:centre/searches, which saves them and says so (works without JavaScript).
 */
export function SaveSearch({
  centreSlug,
  words,
  kind,
  category,
  redirectTo,
}: {
  centreSlug: string
  words?: string | null
  kind?: string | null
  category?: string | null
  /** where to come back to when the search cannot be saved (the listings page with its query) */
  redirectTo?: string
}) {
  const t = useT()
  const action = `/c/${centreSlug}/searches`
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="words" value={words ?? ''} />
      {kind ? <input type="hidden" name="kind" value={kind} /> : null}
      {category ? <input type="hidden" name="category" value={category} /> : null}
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <SubmitButton variant="secondary" formAction={action} pendingLabel={t('notifications.searches.saving')}>
        {t('notifications.searches.save')}
      </SubmitButton>
    </Form>
  )
}

/** A search to save, typed in (words, kind, category): for pages without a search of their own. */
export function SaveSearchForm({ centreSlug, redirectTo }: { centreSlug: string; redirectTo?: string }) {
  const t = useT()
  const action = `/c/${centreSlug}/searches`
  return (
    <Form method="post" action={action} className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <Field label={t('notifications.searches.words')} name="words" maxLength={200} />
      <SelectField label={t('notifications.searches.kind')} name="kind" defaultValue="">
        <option value="">{t('notifications.searches.any')}</option>
        <option value="offer">{t('notifications.listingKinds.offer')}</option>
        <option value="need">{t('notifications.listingKinds.need')}</option>
      </SelectField>
      <SelectField label={t('notifications.searches.category')} name="category" defaultValue="">
        <option value="">{t('notifications.searches.any')}</option>
        {(['room', 'tool', 'skill', 'loan', 'other'] as const).map((c) => (
          <option key={c} value={c}>
            {t(`notifications.categories.${c}`)}
          </option>
        ))}
      </SelectField>
      <SubmitButton variant="secondary" formAction={action} pendingLabel={t('notifications.searches.saving')}>
        {t('notifications.searches.save')}
      </SubmitButton>
    </Form>
  )
}
