import { Form, Link } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { useT } from '~/utils/use-t'

/**
 * The page a link from an e-mail opens (confirming a signup, verifying or changing an address).
 * Opening it changes nothing — mail scanners open links too — the button does. A used, expired or
 * unknown link says so and offers a way on.
 */
export function EmailLinkPage(props: {
  usable: boolean
  title: string
  text: string
  submitLabel: string
  invalidText: string
  /** where to go from a link that no longer works */
  wayOn: { to: string; label: string }[]
}) {
  const t = useT()
  if (!props.usable) {
    return (
      <div className="mx-auto max-w-md">
        <PageHeading>{t('auth.confirm.invalidTitle')}</PageHeading>
        <Card>
          <p className="text-stone-800">{props.invalidText}</p>
          <p className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
            {props.wayOn.map((link) => (
              <Link key={link.to} to={link.to}>
                {link.label}
              </Link>
            ))}
          </p>
        </Card>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{props.title}</PageHeading>
      <Card>
        <Form method="post" className="space-y-4">
          <p className="text-stone-800 break-words">{props.text}</p>
          <SubmitButton pendingLabel={t('auth.confirm.pending')} className="w-full">
            {props.submitLabel}
          </SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
