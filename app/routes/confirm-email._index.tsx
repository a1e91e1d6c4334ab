import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { Card, PageHeading } from '~/components/ui/card'
import { useT } from '~/utils/use-t'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * Where every signup ends (ADR 061): the same page whether the address was new or known, so the
 * form tells no one who has an account. Nothing to load, nothing to authorise.
 */
export default function CheckEmailPage() {
  const t = useT()
  return (
    <div className="mx-auto max-w-md">
      <PageHeading>{t('auth.checkEmail.title')}</PageHeading>
      <Card>
        <div className="space-y-3 text-stone-800">
          <p>{t('auth.checkEmail.text', { hours: 24 })}</p>
          <p className="text-sm text-stone-700">{t('auth.checkEmail.known')}</p>
          <p className="text-sm text-stone-700">{t('auth.checkEmail.nothing')}</p>
        </div>
      </Card>
      <p className="mt-4 text-center text-sm">
        <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </p>
    </div>
  )
}
