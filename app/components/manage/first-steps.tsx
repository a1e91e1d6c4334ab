import { Form, Link } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import type { FirstStep } from '~/modules/centres/first-steps.server'
import { formatCents } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

interface Props {
  /** `/c/<slug>` */
  centrePath: string
  steps: { step: FirstStep; done: boolean }[]
  hourValueCents: number
  moderationMode: 'pre' | 'post'
}

/** Where each step is done: one page, or two for the initiatives (import them, or admit applications). */
function linksOf(step: FirstStep, centrePath: string): { to: string; key: string }[] {
  const manage = `${centrePath}/manage`
  switch (step) {
    case 'profile':
    case 'moderation':
    case 'financing':
      return [{ to: `${manage}/settings`, key: `onboarding.steps.${step}.link` }]
    case 'initiatives':
      return [
        { to: `${manage}/import`, key: 'onboarding.steps.initiatives.link' },
        { to: `${manage}/applications`, key: 'onboarding.steps.initiatives.linkApplications' },
      ]
    case 'listing':
      return [{ to: `${centrePath}/listings`, key: 'onboarding.steps.listing.link' }]
  }
}

/** The manager's first-steps checklist on the dashboard, shown until every step is done (or hidden). */
export function FirstStepsChecklist({ centrePath, steps, hourValueCents, moderationMode }: Props) {
  const t = useT()
  const locale = useLocale()
  const done = steps.filter((s) => s.done).length
  const params = {
    value: formatCents(locale, hourValueCents),
    mode: t(`reporting.settings.modes.${moderationMode}`),
  }
  return (
    <Card>
      <section aria-labelledby="first-steps-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="first-steps-heading" className="text-lg font-semibold">
            {t('onboarding.title')}
          </h2>
          <p className="text-sm text-stone-700">{t('onboarding.progress', { done, total: steps.length })}</p>
        </div>
        <p className="text-sm text-stone-700">{t('onboarding.intro')}</p>
        <ol className="space-y-3">
          {steps.map(({ step, done: isDone }) => (
            <li key={step} className="flex gap-3">
              <span
                aria-hidden="true"
                className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-sm font-bold ${
                  isDone ? 'bg-green-100 text-green-900' : 'border-2 border-stone-400 bg-white'
                }`}
              >
                {isDone ? '✓' : ''}
              </span>
              <div className="min-w-0 flex-1">
                <h3 className={`font-semibold ${isDone ? 'text-stone-700' : ''}`}>
                  {t(`onboarding.steps.${step}.title`)}
                  <span className="sr-only">{`: ${t(isDone ? 'onboarding.done' : 'onboarding.open')}`}</span>
                </h3>
                {isDone ? null : (
                  <>
                    <p className="text-sm text-stone-700">{t(`onboarding.steps.${step}.help`, params)}</p>
                    <p className="flex flex-wrap gap-x-4 text-sm">
                      {linksOf(step, centrePath).map((link) => (
                        <Link key={link.to} to={link.to} className="inline-block py-1">
                          {t(link.key)}
                        </Link>
                      ))}
                    </p>
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
        <Form method="post" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-stone-200 pt-3">
          <SubmitButton name="intent" value="hideFirstSteps" variant="secondary" pendingLabel={t('onboarding.hiding')}>
            {t('onboarding.hide')}
          </SubmitButton>
          <p className="text-sm text-stone-700">{t('onboarding.hideHint')}</p>
        </Form>
      </section>
    </Card>
  )
}

/** In place of a hidden list that is not done yet: a way to bring it back. */
export function ShowFirstSteps() {
  const t = useT()
  return (
    <Form method="post">
      <SubmitButton name="intent" value="showFirstSteps" variant="ghost" pendingLabel={t('onboarding.showing')}>
        {t('onboarding.show')}
      </SubmitButton>
    </Form>
  )
}
