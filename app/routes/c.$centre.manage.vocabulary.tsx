import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton, buttonClass } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { isLanguage, type Language, LANGUAGES, VOCABULARY_CATEGORIES } from '~/modules/matching/languages'
import { VocabularyActionSchema } from '~/modules/matching/schemas'
import {
  addConcept,
  addLabel,
  conceptNamer,
  type ConceptView,
  recognise,
  removeConcept,
  removeLabel,
  vocabularyPage,
} from '~/modules/matching/vocabulary.server'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { refreshSavedSearchConcepts } from '~/modules/notifications/notifications.server'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { resolveLocale } from '~/utils/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/** Text the recogniser is tried on: at most this long (it reads every start and end of every word). */
const TRY_MAX = 2000

/**
 * `/c/:centre/manage/vocabulary`: the shared vocabulary the matcher links offers and needs with
 * (issue #16 item 1, ADR 080). Managers and platform admins find a concept, add a label in one of
 * the four languages, add a concept of their own, and remove what their centre added (admins:
 * any addition). What they add counts for every centre at once; each change is audited in the
 * centre it was made from.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const language = await resolveLocale(request, user.locale)
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').slice(0, 60)
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10)
  const actor = { userId: user.id, centreId: centre.id, isAdmin: user.isAdmin }
  const tried = url.searchParams.get('try')
  const triedLanguage = url.searchParams.get('tryLanguage')
  const tryText = tried?.slice(0, TRY_MAX).replace(/\0/g, '') ?? ''
  const tryLanguage: Language = isLanguage(triedLanguage) ? triedLanguage : language
  const [list, recognised] = await Promise.all([
    vocabularyPage(db, actor, {
      q,
      page: Number.isFinite(page) ? page : 1,
      language,
    }),
    tryText.trim() ? recognise(db, actor, tryText, tryLanguage, language) : Promise.resolve(null),
  ])
  return {
    ...list,
    q,
    language,
    tryText,
    tryLanguage,
    recognised,
    tooLong: (tried?.length ?? 0) > TRY_MAX,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const submission = parseForm(formData, VocabularyActionSchema)
  const intent = String(formData.get('intent') ?? '')
  const concept = String(formData.get('concept') ?? '')
  if (submission.status !== 'success') return data({ intent, concept, result: submission.reply() }, { status: 400 })
  const actor = { userId: user.id, centreId: centre.id, isAdmin: user.isAdmin }
  const language = await resolveLocale(request, user.locale)
  const names = await conceptNamer(db, actor, language)
  const value = submission.value
  const result =
    value.intent === 'addLabel'
      ? await addLabel(db, actor, value, names)
      : value.intent === 'addConcept'
      ? await addConcept(db, actor, value, names)
      : value.intent === 'removeLabel'
      ? await removeLabel(db, actor, value.id)
      : await removeConcept(db, actor, value.concept)
  if (!result.ok) {
    const status = result.error === 'vocabulary.errors.notYours' ? 403 : 400
    return data(
      {
        intent,
        concept,
        result: submission.reply({
          fieldErrors: { [result.field]: [result.error] },
        }),
      },
      { status }
    )
  }
  // the shared vocabulary changed for every centre: saved searches name what their words name now
  // (ADR 084). The change itself is committed: if this fails, the manager still hears it was saved,
  // and the next change or `npm run concepts:apply` catches the searches up.
  await refreshSavedSearchConcepts(db).catch((error: unknown) =>
    console.error('Saved searches were not given the changed vocabulary (npm run concepts:apply does it):', error),
  )
  const back = new URL(request.url).searchParams
  const to =
    value.intent === 'removeConcept'
      ? `/c/${centre.slug}/manage/vocabulary${back.get('q') ? `?${new URLSearchParams({ q: back.get('q')! })}` : ''}`
      : `/c/${centre.slug}/manage/vocabulary?${new URLSearchParams({
          q: result.key,
        })}#concept-${result.key}`
  // a concept added just now is not among the names read before it
  const name = value.intent === 'addConcept' ? (await conceptNamer(db, actor, language))(result.key) : names(result.key)
  return redirectWithToast(to, { type: 'success', key: `vocabulary.toast.${value.intent}`, params: { concept: name } })
}

type ActionResult = {
  intent: string
  concept: string
  result: {
    error?: Record<string, string[] | null> | null
    initialValue?: Record<string, unknown> | null
  }
}

const answers = (action: ActionResult | undefined, intent: string, concept: string | null): action is ActionResult =>
  !!action && action.intent === intent && (concept === null || action.concept === concept)

function errorsOf(action: ActionResult | undefined, intent: string, concept: string | null, field: string) {
  return answers(action, intent, concept) ? action.result.error?.[field] ?? undefined : undefined
}

/** What the person typed into a form that came back with errors (kept without JavaScript too). */
function typedIn(action: ActionResult | undefined, intent: string, concept: string | null, field: string) {
  if (!answers(action, intent, concept)) return undefined
  const value = action.result.initialValue?.[field]
  return typeof value === 'string' ? value : undefined
}

export default function VocabularyPage() {
  const t = useT()
  const { concepts, total, page, pages, groups, latest, q, language, tryText, tryLanguage, recognised, tooLong } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(q && { q }), page: String(n) })}`
  return (
    <div className="space-y-6">
      <PageHeading sub={t('vocabulary.intro')}>{t('vocabulary.title')}</PageHeading>

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('vocabulary.find.title')}</h2>
        <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
          <div className="min-w-0 grow">
            <Field label={t('vocabulary.find.label')} name="q" type="search" defaultValue={q} maxLength={60} />
          </div>
          <button type="submit" className={buttonClass('secondary')}>
            {t('vocabulary.find.submit')}
          </button>
        </Form>
        <p className="text-sm text-stone-700">
          {q ? t('vocabulary.find.countFor', { count: total, q }) : t('vocabulary.find.count', { count: total })}
        </p>
      </Card>

      <section aria-labelledby="concepts-heading" className="space-y-3">
        <h2 id="concepts-heading" className="sr-only">
          {t('vocabulary.concepts')}
        </h2>
        {concepts.length ? (
          <ul className="space-y-3">
            {concepts.map((c) => (
              <li key={c.key}>
                <ConceptCard concept={c} language={language} actionData={actionData} q={q} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{t('vocabulary.find.none')}</EmptyState>
        )}
        {pages > 1 ? (
          <nav aria-label={t('vocabulary.pages')} className="flex flex-wrap items-center gap-4">
            {page > 1 ? <Link to={pageLink(page - 1)}>{t('vocabulary.previous')}</Link> : null}
            <span>
              {t('vocabulary.page', {
                page: String(page),
                pages: String(pages),
              })}
            </span>
            {page < pages ? <Link to={pageLink(page + 1)}>{t('vocabulary.next')}</Link> : null}
          </nav>
        ) : null}
      </section>

      <NewConcept groups={groups} actionData={actionData} />

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('vocabulary.try.title')}</h2>
        <p className="text-sm text-stone-700">{t('vocabulary.try.intro')}</p>
        <Form method="get" className="space-y-3">
          {q ? <input type="hidden" name="q" value={q} /> : null}
          <TextareaField
            label={t('vocabulary.try.text')}
            name="try"
            rows={3}
            defaultValue={tryText}
            maxLength={TRY_MAX}
            errors={tooLong ? [`vocabulary.errors.tryTooLong?max=${TRY_MAX}`] : undefined}
          />
          <SelectField label={t('vocabulary.try.language')} name="tryLanguage" defaultValue={tryLanguage}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`vocabulary.languages.${l}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className={buttonClass('secondary')}>
            {t('vocabulary.try.submit')}
          </button>
        </Form>
        {recognised ? (
          recognised.length ? (
            <div>
              <h3 className="text-sm font-semibold">{t('vocabulary.try.found')}</h3>
              <ul className="mt-2 flex flex-wrap gap-2">
                {recognised.map((r) => (
                  <li key={r.key}>
                    <Link
                      to={`?${new URLSearchParams({ q: r.key })}#concept-${r.key}`}
                      className="inline-block rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-900"
                    >
                      {r.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm">{t('vocabulary.try.nothing')}</p>
          )
        ) : null}
      </Card>

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('vocabulary.latest.title')}</h2>
        {latest.length ? (
          <ul className="space-y-1 text-sm">
            {latest.map((l) => (
              <li key={l.id}>
                {t('vocabulary.latest.item', {
                  label: l.label,
                  language: t(`vocabulary.languages.${l.language}`),
                  concept: l.concept.name,
                  centre: l.centre ?? t('vocabulary.latest.noCentre'),
                })}{' '}
                <Link to={`?${new URLSearchParams({ q: l.concept.key })}#concept-${l.concept.key}`}>{t('vocabulary.latest.open')}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-700">{t('vocabulary.latest.none')}</p>
        )}
      </Card>
    </div>
  )
}

function ConceptCard({
  concept,
  language,
  actionData,
  q,
}: {
  concept: ConceptView
  language: Language
  actionData: ActionResult | undefined
  q: string
}) {
  const t = useT()
  const labelErrors = errorsOf(actionData, 'addLabel', concept.key, 'label')
  const removeErrors =
    errorsOf(actionData, 'removeLabel', concept.key, 'id') ?? errorsOf(actionData, 'removeConcept', concept.key, 'concept')
  const action = q ? `?${new URLSearchParams({ q })}` : undefined
  return (
    <Card className="space-y-3">
      <div id={`concept-${concept.key}`} className="scroll-mt-4">
        <h3 className="text-base font-semibold break-words">{concept.name}</h3>
        <p className="text-sm text-stone-700">
          {t(`vocabulary.categories.${concept.category}`)}
          {concept.broader ? ` · ${t('vocabulary.under', { broader: concept.broader.name })}` : ''}
          {concept.added ? ` · ${t('vocabulary.addedConcept')}` : ''}
        </p>
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[6rem_minmax(0,1fr)]">
        {LANGUAGES.map((l) => (
          <div key={l} className="contents">
            <dt className="font-medium">{t(`vocabulary.languages.${l}`)}</dt>
            <dd className="break-words">
              {concept.labels[l].length ? (
                <ul className="flex flex-wrap gap-x-2 gap-y-1">
                  {concept.labels[l].map((label, i) => (
                    <li key={label.id ?? `${l}-${i}`} className={label.id ? 'inline-flex items-center gap-1 rounded bg-amber-50 px-1' : ''}>
                      {label.text}
                      {label.id ? <span className="sr-only"> ({t('vocabulary.addedLabel')})</span> : null}
                      {label.id && label.mayRemove ? (
                        <Form method="post" action={action} className="inline">
                          <input type="hidden" name="intent" value="removeLabel" />
                          <input type="hidden" name="id" value={label.id} />
                          <input type="hidden" name="concept" value={concept.key} />
                          <SubmitButton
                            variant="ghost"
                            size="small"
                            pendingLabel={t('vocabulary.removing')}
                            aria-label={t('vocabulary.removeLabel', {
                              label: label.text,
                            })}
                          >
                            ×
                          </SubmitButton>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-stone-600">{t('vocabulary.noLabel')}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <FormErrors errors={removeErrors} />
      <Form method="post" action={action} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="addLabel" />
        <input type="hidden" name="concept" value={concept.key} />
        <div className="w-36">
          <SelectField
            label={t('vocabulary.addLabel.language')}
            name="language"
            defaultValue={typedIn(actionData, 'addLabel', concept.key, 'language') ?? language}
            errors={errorsOf(actionData, 'addLabel', concept.key, 'language')}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`vocabulary.languages.${l}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="min-w-0 grow basis-48">
          <Field
            label={t('vocabulary.addLabel.label', { concept: concept.name })}
            name="label"
            maxLength={60}
            required
            defaultValue={typedIn(actionData, 'addLabel', concept.key, 'label')}
            errors={labelErrors}
          />
        </div>
        <SubmitButton variant="secondary" pendingLabel={t('vocabulary.adding')}>
          {t('vocabulary.addLabel.submit')}
        </SubmitButton>
      </Form>
      {concept.mayRemove ? (
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="removeConcept" />
          <input type="hidden" name="concept" value={concept.key} />
          <SubmitButton variant="danger" pendingLabel={t('vocabulary.removing')}>
            {t('vocabulary.removeConcept', { concept: concept.name })}
          </SubmitButton>
        </Form>
      ) : null}
    </Card>
  )
}

function NewConcept({ groups, actionData }: { groups: { key: string; name: string }[]; actionData: ActionResult | undefined }) {
  const t = useT()
  const errors = (field: string) => errorsOf(actionData, 'addConcept', null, field)
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{t('vocabulary.newConcept.title')}</h2>
      <p className="text-sm text-stone-700">{t('vocabulary.newConcept.intro')}</p>
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="addConcept" />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {LANGUAGES.map((l) => (
            <Field
              key={l}
              label={t(`vocabulary.newConcept.labelIn.${l}`)}
              name={l}
              maxLength={60}
              defaultValue={typedIn(actionData, 'addConcept', null, l)}
              errors={errors(l)}
            />
          ))}
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <SelectField
            label={t('vocabulary.newConcept.category')}
            name="category"
            defaultValue={typedIn(actionData, 'addConcept', null, 'category') ?? 'other'}
            errors={errors('category')}
          >
            {VOCABULARY_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`vocabulary.categories.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('vocabulary.newConcept.broader')}
            name="broader"
            defaultValue={typedIn(actionData, 'addConcept', null, 'broader') ?? ''}
            errors={errors('broader')}
          >
            <option value="">{t('vocabulary.newConcept.noBroader')}</option>
            {groups.map((g) => (
              <option key={g.key} value={g.key}>
                {g.name}
              </option>
            ))}
          </SelectField>
        </div>
        <SubmitButton pendingLabel={t('vocabulary.adding')}>{t('vocabulary.newConcept.submit')}</SubmitButton>
      </Form>
    </Card>
  )
}
