import { Form } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
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
