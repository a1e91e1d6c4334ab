import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { requireAdmin } from '~/utils/auth.server'
import { listLegalTexts, saveLegalPage } from '~/modules/privacy/pages.server'
import { LEGAL_PAGE_MAX_CHARS } from '~/modules/privacy/limits'
import { LegalPageSchema } from '~/modules/privacy/schemas'
import { builtInText } from '~/modules/privacy/builtin-texts.server'
import { isLegalPage, LEGAL_PAGES } from '~/modules/privacy/templates'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { DEFAULT_LOCALE, isLocale, LOCALES } from '~/utils/i18n'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * `/admin/pages?page=privacy&locale=de`: the platform admin writes the privacy notice and the
 * imprint in Markdown, one text per language (ADR 068). A language without a text starts from
 * the German one, German from the built-in template.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const url = new URL(request.url)
  const askedPage = url.searchParams.get('page')
  const askedLocale = url.searchParams.get('locale')
  const page = isLegalPage(askedPage) ? askedPage : 'privacy'
  const locale = isLocale(askedLocale) ? askedLocale : DEFAULT_LOCALE
  const texts = await listLegalTexts(db, page)
  return {
    page,
    locale,
    body: texts[locale] ?? (builtInText(page, locale).locale === locale ? builtInText(page, locale).body : (texts[DEFAULT_LOCALE] ?? builtInText(page, locale).body)),
    saved: Boolean(texts[locale]),
    savedLocales: LOCALES.filter((l) => texts[l] !== undefined),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request)
  // read up to twice the maximum, so that a text just over it gets the message at the field and stays in it
  const submission = parseForm(await readFormData(request, { longFields: { body: 2 * LEGAL_PAGE_MAX_CHARS } }), LegalPageSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { page, locale, body } = submission.value
  await saveLegalPage(db, admin.id, page, locale, body)
  return redirectWithToast(`/admin/pages?page=${page}&locale=${locale}`, { type: 'success', key: 'privacy.toast.pageSaved' })
}

export default function AdminPagesPage() {
  const t = useT()
  const { page, locale, body, saved, savedLocales } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: `legal-${page}-${locale}`,
    lastResult: actionData?.result,
    defaultValue: { body, page, locale },
  })
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeading sub={t('privacy.admin.intro')}>{t('privacy.admin.title')}</PageHeading>
      <nav aria-label={t('privacy.admin.choose')} className="flex flex-wrap gap-x-6 gap-y-2">
        {LEGAL_PAGES.map((p) => (
          <div key={p} className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-semibold">{t(`privacy.admin.page.${p}`)}:</span>
            {LOCALES.map((l) => (
              <Link
                key={l}
                to={`/admin/pages?page=${p}&locale=${l}`}
                aria-current={p === page && l === locale ? 'page' : undefined}
                className="aria-[current=page]:font-bold"
                lang={l}
              >
                {t(`common.language.names.${l}`)}
              </Link>
            ))}
          </div>
        ))}
      </nav>
      <Card>
        <h2 className="mb-1 text-lg font-semibold">
          {t(`privacy.admin.page.${page}`)} · {t(`common.language.names.${locale}`)}
        </h2>
        <p className="mb-3 text-sm text-stone-700">
          {saved ? t('privacy.admin.saved') : t('privacy.admin.notSaved')}{' '}
          {savedLocales.length ? t('privacy.admin.savedIn', { languages: savedLocales.join(', ') }) : null}
        </p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="page" value={page} />
          <input type="hidden" name="locale" value={locale} />
          <TextareaField
            label={t('privacy.admin.body')}
            meta={fields.body}
            rows={20}
            lang={locale}
            hint={page === 'guide' ? `${t('privacy.admin.markdownHint')} ${t('privacy.admin.guideFigures')}` : t('privacy.admin.markdownHint')}
            maxLength={LEGAL_PAGE_MAX_CHARS}
          />
          <SubmitButton pendingLabel={t('common.saving')}>{t('privacy.admin.submit')}</SubmitButton>
        </Form>
      </Card>
      <p className="text-sm">
        <Link to={`/${page}`}>{t('privacy.admin.view')}</Link>
      </p>
    </div>
  )
}
