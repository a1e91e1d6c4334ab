import { useNavigation } from '@remix-run/react'
import { type ButtonHTMLAttributes, useState } from 'react'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

const variants: Record<Variant, string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  secondary: 'bg-white text-stone-900 ring-1 ring-stone-300 hover:bg-stone-100',
  danger: 'bg-red-700 text-white hover:bg-red-800',
  ghost: 'text-brand-800 hover:bg-brand-50',
}

/** `small`: for a control inside a line of text (still at least 24 px high, WCAG 2.5.8). */
export function buttonClass(variant: Variant = 'primary', size: 'normal' | 'small' = 'normal') {
  const box = size === 'small' ? 'min-h-6 min-w-6 px-1.5 py-0.5 text-xs' : 'px-4 py-2 text-sm'
  return `inline-flex items-center justify-center gap-2 rounded-md ${box} font-semibold no-underline hover:no-underline disabled:cursor-not-allowed disabled:opacity-70 ${variants[variant]}`
}

/**
 * Whether the data being sent came from this button: its own name=value and every text field of
 * its form (the hidden ids above all) are in it. A page lists many forms that differ only in an id
 * (one "accept" per booking), so the action and the intent alone would light up all of them.
 */
export function isSentBy(button: HTMLButtonElement | null, sent: FormData | undefined): boolean {
  const form = button?.form
  if (!button || !form || !sent) return false
  if (button.name && !sent.getAll(button.name).includes(button.value)) return false
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && !sent.getAll(name).includes(value)) return false
  }
  return true
}

/**
 * A submit button that shows it is working while its form is being sent. `pendingLabel` is
 * announced to screen readers too. Only the button that was pressed shows it: the sent data must
 * be its own form's (isSentBy), and with `formAction` the action must be that one.
 */
export function SubmitButton({
  variant = 'primary',
  pendingLabel,
  formAction,
  children,
  className = '',
  size = 'normal',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; pendingLabel: string; formAction?: string; size?: 'normal' | 'small' }) {
  const navigation = useNavigation()
  // The element itself (kept in state, so a render may read it): its form is what tells it apart.
  const [button, setButton] = useState<HTMLButtonElement | null>(null)
  const pending =
    navigation.state === 'submitting' && (!formAction || navigation.formAction === formAction) && isSentBy(button, navigation.formData)
  return (
    <button
      type="submit"
      {...props}
      ref={setButton}
      formAction={formAction}
      aria-disabled={pending || undefined}
      // a live region's text does not name the button it sits in: say it here too
      aria-label={pending ? pendingLabel : props['aria-label']}
      className={`${buttonClass(variant, size)} ${className}`}
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
