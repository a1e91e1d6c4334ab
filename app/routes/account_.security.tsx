import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { getSessionAndUser, requireUser } from '~/utils/auth.server'
import { endOtherSessions, endOwnSession, listSessions } from '~/modules/auth/sessions-list.server'
import {
  cancelSetup,
  confirmSetup,
  disableTwoFactor,
  getOrStartSetup,
  managedCentreRules,
  missingTwoFactor,
  readSetup,
  setCentreTwoFactorRule,
  twoFactorStatus,
} from '~/modules/auth/two-factor.server'
import { CentreRuleSchema, ConfirmSchema, DisableSchema, EndSessionSchema } from '~/modules/auth/two-factor-schemas'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { forbidden, readFormData } from '~/utils/http.server'
import { redirectWithToast, toastHeader } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** The action's Retry-After (rate limits) reaches the document response too. */
export { retryAfterHeaders as headers } from '~/utils/http.server'

const HERE = '/account/security'

async function requireSession(request: Request) {
  const user = await requireUser(request)
  const current = await getSessionAndUser(request)
  if (!current) throw redirect('/login')
  return { user, session: current.session }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireSession(request)
  const [status, setup, required, sessions, centres] = await Promise.all([
    twoFactorStatus(db, user.id),
    readSetup(db, user),
    missingTwoFactor(db, user),
    listSessions(db, user.id, session.id),
    managedCentreRules(db, user.id),
  ])
  return {
    status,
    setup,
    required,
    centres,
    sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })),
  }
}

type ActionData =
  | { intent: 'confirm' | 'disable' | 'centreRule'; result: ReturnType<ReturnType<typeof parseForm>['reply']>; recoveryCodes?: undefined }
  | { intent: 'confirm'; result: null; recoveryCodes: string[] }

function codeError(intent: 'confirm' | 'disable', submission: ReturnType<typeof parseForm>, key: string, status: number, retryAfter?: number) {
  return data<ActionData>(
    { intent, result: submission.reply({ fieldErrors: { code: [key] }, hideFields: ['code'] }) },
    { status, headers: retryAfter ? { 'Retry-After': String(retryAfter) } : undefined },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireSession(request)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  switch (intent) {
    case 'start': {
      await getOrStartSetup(db, user)
      return redirectWithToast(HERE, { type: 'info', key: 'security.toast.setupStarted' })
    }
    case 'cancel': {
      await cancelSetup(db, user.id)
      return redirectWithToast(HERE, { type: 'info', key: 'security.toast.setupCancelled' })
    }
    case 'confirm': {
      const submission = parseForm(formData, ConfirmSchema)
      if (submission.status !== 'success') return data<ActionData>({ intent, result: submission.reply() }, { status: 400 })
      const result = await confirmSetup(db, user.id, submission.value.code)
      if (!result.ok && result.error === 'tooManyAttempts') {
        return codeError(intent, submission, `security.errors.tooManyCodes?count=${Math.ceil(result.retryAfterSeconds / 60)}`, 429, result.retryAfterSeconds)
      }
      if (!result.ok && result.error === 'notInSetup') {
        return redirectWithToast(HERE, { type: 'error', key: 'security.toast.noSetup' })
      }
      if (!result.ok) return codeError(intent, submission, 'security.errors.wrongCode', 400)
      // The codes are shown on this answer only; they are stored hashed.
      return data<ActionData>(
        { intent, result: null, recoveryCodes: result.recoveryCodes },
        { headers: { 'Set-Cookie': await toastHeader({ type: 'success', key: 'security.toast.enabled' }) } },
      )
    }
    case 'disable': {
      const submission = parseForm(formData, DisableSchema)
      if (submission.status !== 'success') return data<ActionData>({ intent, result: submission.reply() }, { status: 400 })
      const result = await disableTwoFactor(db, user.id, submission.value.code)
      if (!result.ok && result.error === 'tooManyAttempts') {
        return codeError(intent, submission, `security.errors.tooManyCodes?count=${Math.ceil(result.retryAfterSeconds / 60)}`, 429, result.retryAfterSeconds)
      }
      if (!result.ok) return codeError(intent, submission, 'security.errors.wrongCode', 400)
      return redirectWithToast(HERE, { type: 'success', key: 'security.toast.disabled' })
    }
    case 'endSession': {
      const submission = parseForm(formData, EndSessionSchema)
      if (submission.status !== 'success') return redirectWithToast(HERE, { type: 'error', key: 'security.toast.sessionGone' })
      const ended = await endOwnSession(db, user.id, session.id, submission.value.session)
      return redirectWithToast(HERE, ended ? { type: 'success', key: 'security.toast.sessionEnded' } : { type: 'error', key: 'security.toast.sessionGone' })
    }
    case 'endOthers': {
      const count = await endOtherSessions(db, user.id, session.id)
      return redirectWithToast(HERE, { type: 'success', key: 'security.toast.othersEnded', params: { count } })
    }
    case 'centreRule': {
      const submission = parseForm(formData, CentreRuleSchema)
      if (submission.status !== 'success') return data<ActionData>({ intent, result: submission.reply() }, { status: 400 })
      const result = await setCentreTwoFactorRule(db, user, submission.value.centreId, submission.value.require === 'on')
      if (!result.ok && result.error === 'notManager') forbidden()
      if (!result.ok) {
        return data<ActionData>({ intent, result: submission.reply({ formErrors: ['security.errors.needsOwnTwoFactor'] }) }, { status: 400 })
      }
      return redirectWithToast(HERE, { type: 'success', key: 'security.toast.centreRuleSaved' })
    }
    default:
      return redirectWithToast(HERE, { type: 'error', key: 'security.toast.unknownAction' })
  }
}

export default function SecurityPage() {
  const t = useT()
  const { status, setup, required, sessions, centres } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const recoveryCodes = actionData?.recoveryCodes
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeading sub={<Link to="/account">{t('security.backToAccount')}</Link>}>{t('security.title')}</PageHeading>

      {required && !status.enabled ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
          {t(`security.required.${required}`)}
        </div>
      ) : null}

      {recoveryCodes ? <RecoveryCodes codes={recoveryCodes} /> : null}

      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t('security.twoFactor.title')}</h2>
        {status.enabled ? (
          <EnabledTwoFactor recoveryCodesLeft={status.recoveryCodesLeft} />
        ) : setup ? (
          <SetupTwoFactor setup={setup} />
        ) : (
          <>
            <p className="mb-4 text-sm">{t('security.twoFactor.intro')}</p>
            <Form method="post">
              <SubmitButton name="intent" value="start" pendingLabel={t('security.twoFactor.starting')}>
                {t('security.twoFactor.start')}
              </SubmitButton>
            </Form>
          </>
        )}
      </Card>

      {centres.length ? <CentreRules centres={centres} canChange={status.enabled} /> : null}

      <Sessions sessions={sessions} />
    </div>
  )
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT()
  return (
    <Card className="border-2 border-brand-700">
      <h2 className="mb-2 text-lg font-semibold">{t('security.recovery.title')}</h2>
      <p className="mb-3 text-sm">{t('security.recovery.intro')}</p>
      <ul aria-label={t('security.recovery.title')} className="grid grid-cols-1 gap-1 font-mono text-base sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </Card>
  )
}

function EnabledTwoFactor({ recoveryCodesLeft }: { recoveryCodesLeft: number }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'disable', lastResult: actionData?.intent === 'disable' ? actionData.result : undefined })
  return (
    <>
      <p className="mb-1 text-sm font-medium text-green-800">{t('security.twoFactor.on')}</p>
      <p className="mb-4 text-sm">{t('security.twoFactor.codesLeft', { count: recoveryCodesLeft })}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <Field label={t('security.fields.codeToDisable')} meta={fields.code} autoComplete="one-time-code" maxLength={64} spellCheck={false} />
        <SubmitButton name="intent" value="disable" variant="danger" pendingLabel={t('security.twoFactor.disabling')}>
          {t('security.twoFactor.disable')}
        </SubmitButton>
      </Form>
    </>
  )
}

function SetupTwoFactor({ setup }: { setup: { secret: string; qrSvg: string } }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'confirm', lastResult: actionData?.intent === 'confirm' ? actionData.result : undefined })
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm">
        <li>{t('security.setup.step1')}</li>
        <li>{t('security.setup.step2')}</li>
        <li>{t('security.setup.step3')}</li>
      </ol>
      <div
        role="img"
        aria-label={t('security.setup.qrLabel')}
        className="mx-auto w-48 max-w-full bg-white p-2 [&>svg]:h-auto [&>svg]:w-full"
        // Rendered on the server from the otpauth URI by uqr: rectangles only, nothing from the person.
        dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
      />
      <p className="text-sm">
        {t('security.setup.keyLabel')}{' '}
        <code data-testid="totp-secret" className="break-all rounded bg-stone-100 px-1 font-mono">
          {setup.secret}
        </code>
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <Field
          label={t('security.fields.setupCode')}
          meta={fields.code}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={64}
          spellCheck={false}
        />
        <div className="flex flex-wrap gap-2">
          <SubmitButton name="intent" value="confirm" pendingLabel={t('security.setup.confirming')}>
            {t('security.setup.confirm')}
          </SubmitButton>
          <SubmitButton name="intent" value="cancel" variant="secondary" formNoValidate pendingLabel={t('security.setup.cancelling')}>
            {t('security.setup.cancel')}
          </SubmitButton>
        </div>
      </Form>
    </div>
  )
}

function CentreRules({ centres, canChange }: { centres: { id: string; name: string; requireTwoFactorForManagers: boolean }[]; canChange: boolean }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.intent === 'centreRule' ? actionData.result?.error?.[''] : undefined
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('security.centres.title')}</h2>
      <p className="mb-3 text-sm">{canChange ? t('security.centres.intro') : t('security.centres.needsOwn')}</p>
      <FormErrors errors={errors ?? undefined} />
      <ul className="divide-y divide-stone-200">
        {centres.map((centre) => (
          <li key={centre.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="text-sm">
              <span className="font-medium">{centre.name}</span>
              {' — '}
              {centre.requireTwoFactorForManagers ? t('security.centres.required') : t('security.centres.optional')}
            </span>
            {canChange ? (
              <Form method="post">
                <input type="hidden" name="centreId" value={centre.id} />
                <input type="hidden" name="require" value={centre.requireTwoFactorForManagers ? 'off' : 'on'} />
                <SubmitButton name="intent" value="centreRule" variant="secondary" pendingLabel={t('security.centres.saving')}>
                  {centre.requireTwoFactorForManagers ? t('security.centres.makeOptional') : t('security.centres.require')}
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}

interface ListedSession {
  key: string
  current: boolean
  lastSeenAt: string
  createdAt: string
  browser: string | null
  system: string | null
  ipPrefix: string | null
}

function Sessions({ sessions }: { sessions: ListedSession[] }) {
  const t = useT()
  const locale = useLocale()
  const device = (s: ListedSession) =>
    s.browser && s.system
      ? t('security.sessions.browserOn', { browser: s.browser, system: s.system })
      : (s.browser ?? s.system ?? t('security.sessions.unknownDevice'))
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('security.sessions.title')}</h2>
      <p className="mb-3 text-sm">{t('security.sessions.intro')}</p>
      <ul className="divide-y divide-stone-200">
        {sessions.map((s) => (
          <li key={s.key} className="flex flex-wrap items-center justify-between gap-2 py-3">
            <div className="min-w-0 text-sm">
              <p className="font-medium">
                {device(s)}
                {s.current ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-900">{t('security.sessions.current')}</span> : null}
              </p>
              <p className="text-stone-700">
                {t('security.sessions.lastSeen', { when: formatDateTime(locale, s.lastSeenAt) })}
                {' · '}
                {t('security.sessions.place', { place: s.ipPrefix ?? t('security.sessions.unknownPlace') })}
              </p>
            </div>
            {s.current ? null : (
              <Form method="post">
                <input type="hidden" name="session" value={s.key} />
                <SubmitButton name="intent" value="endSession" variant="secondary" pendingLabel={t('security.sessions.ending')}>
                  {t('security.sessions.end')}
                </SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Form method="post" className="mt-3">
          <SubmitButton name="intent" value="endOthers" variant="danger" pendingLabel={t('security.sessions.endingOthers')}>
            {t('security.sessions.endOthers')}
          </SubmitButton>
        </Form>
      ) : null}
    </Card>
  )
}
