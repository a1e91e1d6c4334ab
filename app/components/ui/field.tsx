import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useId } from 'react'
import { translateError } from '~/utils/forms'
import { useT } from '~/utils/use-t'

const control =
  'mt-1 block w-full rounded-md border border-stone-400 bg-white px-3 py-2 text-stone-900 aria-[invalid=true]:border-red-700'

/** The parts of conform's field metadata a control needs (no `key`: React warns when it is spread). */
interface ConformMeta {
  id: string
  name: string
  formId: string
  initialValue?: unknown
  errors?: string[]
}

interface FieldBase {
  label: string
  errors?: string[] | undefined
  hint?: string
  meta?: ConformMeta
}

function fromMeta(meta: ConformMeta | undefined, errors: string[] | undefined) {
  if (!meta) return { props: {}, errors }
  const initial = meta.initialValue
  return {
    props: {
      id: meta.id,
      name: meta.name,
      form: meta.formId,
      defaultValue: typeof initial === 'string' ? initial : undefined,
    },
    errors: errors ?? meta.errors,
  }
}

/**
 * The field's own props over the form's: but what the person submitted (conform's initial value
 * after a refused submission) wins over a page's suggestion (`defaultValue`), so that a refused
 * booking request keeps the times typed instead of showing the suggested ones again.
 */
function withSubmitted<P extends { defaultValue?: unknown }>(fromForm: { defaultValue?: string }, own: P): P & { defaultValue?: unknown } {
  return fromForm.defaultValue === undefined ? { ...fromForm, ...own } : { ...fromForm, ...own, defaultValue: fromForm.defaultValue }
}

function Described({ id, errors, hint }: { id: string; errors?: string[]; hint?: string }) {
  const t = useT()
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {errors.map((e) => (
            <li key={e}>{translateError(t, e)}</li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

function aria(id: string, errors?: string[], hint?: string) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ')
  return { 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy || undefined }
}

export function Field({ label, errors: ownErrors, hint, meta, ...rest }: FieldBase & InputHTMLAttributes<HTMLInputElement>) {
  const { props, errors } = fromMeta(meta, ownErrors)
  const input = withSubmitted(props, rest)
  const fallback = useId()
  const id = input.id ?? fallback
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input {...input} id={id} className={control} {...aria(id, errors, hint)} />
      <Described id={id} errors={errors} hint={hint} />
    </div>
  )
}

export function TextareaField({
  label,
  errors: ownErrors,
  hint,
  meta,
  ...rest
}: FieldBase & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { props, errors } = fromMeta(meta, ownErrors)
  const input = withSubmitted(props, rest)
  const fallback = useId()
  const id = input.id ?? fallback
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea rows={4} {...input} id={id} className={control} {...aria(id, errors, hint)} />
      <Described id={id} errors={errors} hint={hint} />
    </div>
  )
}

export function SelectField({
  label,
  errors: ownErrors,
  hint,
  meta,
  children,
  ...rest
}: FieldBase & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const { props, errors } = fromMeta(meta, ownErrors)
  const input = withSubmitted(props, rest)
  const fallback = useId()
  const id = input.id ?? fallback
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select {...input} id={id} className={control} {...aria(id, errors, hint)}>
        {children}
      </select>
      <Described id={id} errors={errors} hint={hint} />
    </div>
  )
}

type ErrorsOf = { error?: Record<string, string[] | null | undefined> | null } | null | undefined

/** Every message of a form's answer, the whole form's and each field's: for a form whose fields are hidden. */
export function allErrors(result: ErrorsOf): string[] {
  return Object.values(result?.error ?? {}).flatMap((errors) => errors ?? [])
}

/**
 * What to say of an answer whose form the page no longer shows (a stale page, a crafted post): all
 * its messages for a known step, its form is gone; for an unknown step (`intent` null) only that it
 * is unknown, not its field's complaint about the step itself.
 */
export function strayErrors(answer: { intent: string | null; result: ErrorsOf }): string[] | undefined {
  return answer.intent ? allErrors(answer.result) : (answer.result?.error?.[''] ?? undefined)
}

export function FormErrors({ errors }: { errors?: string[] | undefined }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
    </div>
  )
}
