import { useNavigation } from '@remix-run/react'
import type { ButtonHTMLAttributes } from 'react'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

const variants: Record<Variant, string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  secondary: 'bg-white text-stone-900 ring-1 ring-stone-300 hover:bg-stone-100',
  danger: 'bg-red-700 text-white hover:bg-red-800',
  ghost: 'text-brand-800 hover:bg-brand-50',
}

export function buttonClass(variant: Variant = 'primary') {
  return `inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold no-underline hover:no-underline disabled:cursor-not-allowed disabled:opacity-70 ${variants[variant]}`
}

/**
 * A submit button that shows it is working while its form is being sent. `pendingLabel` is
 * announced to screen readers too. Pending is matched on the form's action and `intent`.
 */
export function SubmitButton({
  variant = 'primary',
  pendingLabel,
  formAction,
  children,
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; pendingLabel: string; formAction?: string }) {
  const navigation = useNavigation()
  const intent = typeof props.value === 'string' && props.name === 'intent' ? props.value : undefined
  const pending =
    navigation.state === 'submitting' &&
    (!formAction || navigation.formAction === formAction) &&
    (!intent || navigation.formData?.get('intent') === intent)
  return (
    <button
      type="submit"
      {...props}
      formAction={formAction}
      aria-disabled={pending || undefined}
      className={`${buttonClass(variant)} ${className}`}
    >
      {pending ? (
        <>
          <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
          <span role="status">{pendingLabel}</span>
        </>
      ) : (
        children
      )}
    </button>
  )
}
