import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { Field } from '~/components/ui/field'
import { translateError } from '~/utils/forms'
import { useT } from '~/utils/use-t'

/** A chip: a concept of the vocabulary, ticked (kept) or not (removed). */
export interface ConceptChip {
  key: string
  name: string
  checked: boolean
}

type Chip = ConceptChip & { origin: 'start' | 'suggested' | 'added' }

interface Suggestions {
  suggested?: { key: string; name: string }[]
  found?: { key: string; name: string; label: string }[]
}

/** The concepts route's answer, or null when it failed (a chip is a help, never in the way). */
async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T | null> {
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/json' } })
    return response.ok ? ((await response.json()) as T) : null
  } catch {
    return null
  }
}

/** How much of the text is sent for suggestions (the server reads the same share: SUGGEST_TEXT_MAX). */
const TEXT_SENT = 1500

/**
 * The listing's concepts as chips (issue #16 item 2, ADR 083). While the author writes, the
 * recogniser's concepts for the title and description appear ticked; unticking one removes it; a
 * concept can be added by typing a word and picking it. Every chip shown is sent as
 * `conceptsOffered`, every ticked one as `concepts`. Without JavaScript the form sends no chips
 * (new listing: the server takes the recogniser's) or the ones the page came with (edit), and a
 * word typed to add is looked up when the form is saved.
 */
export function ConceptChips({
  centreSlug,
  formId,
  initial,
  initialAdd,
  errors,
  addErrors,
}: {
  centreSlug: string
  formId: string
  initial: ConceptChip[]
  /** the word a refused form sent to add (the page drawn again keeps it beside its error) */
  initialAdd?: string
  errors?: string[]
  addErrors?: string[]
}) {
  const t = useT()
  const [chips, setChips] = useState<Chip[]>(() => initial.map((c) => ({ ...c, origin: 'start' as const })))
  const [typed, setTyped] = useState(initialAdd ?? '')
  const [found, setFound] = useState<{ key: string; name: string; label: string }[]>([])
  const [looking, setLooking] = useState(false)
  const lookupTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  // only the answer to the latest words counts (an earlier, slower one is dropped)
  const lookupSeq = useRef(0)
  const base = `/c/${centreSlug}/concepts`

  // the text as the author writes it, read from the form's own fields; new suggestions are added
  // ticked, and suggestions the text no longer names are dropped (unless unticked: a removal is remembered)
  useEffect(() => {
    const form = document.getElementById(formId)
    if (!(form instanceof HTMLFormElement)) return
    let timer: ReturnType<typeof setTimeout> | undefined
    let pending: AbortController | undefined
    const value = (name: string) => {
      const el = form.elements.namedItem(name)
      return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el.value : ''
    }
    const refresh = async () => {
      pending?.abort()
      const controller = new AbortController()
      pending = controller
      const text = `${value('title')} ${value('description')}`.trim().slice(0, TEXT_SENT)
      const params = new URLSearchParams({ text, language: value('language') })
      setLooking(true)
      try {
        const answer = await fetchJson<Suggestions>(`${base}?${params}`, controller.signal)
        const suggested = answer?.suggested
        if (!suggested) return
        const now = new Set(suggested.map((s) => s.key))
        setChips((previous) => {
          const kept = previous.filter((c) => !(c.origin === 'suggested' && c.checked && !now.has(c.key)))
          const fresh = suggested.filter((s) => !kept.some((c) => c.key === s.key)).map((s) => ({ ...s, checked: true, origin: 'suggested' as const }))
          return [...kept, ...fresh]
        })
      } finally {
        if (pending === controller) setLooking(false)
      }
    }
    const onInput = (event: Event) => {
      const name = (event.target as HTMLInputElement | null)?.name
      if (name !== 'title' && name !== 'description' && name !== 'language') return
      clearTimeout(timer)
      timer = setTimeout(() => void refresh(), 600)
    }
    form.addEventListener('input', onInput)
    form.addEventListener('change', onInput)
    return () => {
      clearTimeout(timer)
      pending?.abort()
      form.removeEventListener('input', onInput)
      form.removeEventListener('change', onInput)
    }
  }, [formId, base])

  const onTyped = (text: string) => {
    setTyped(text)
    clearTimeout(lookupTimer.current)
    if (text.trim().length < 2) {
      setFound([])
      return
    }
    const seq = ++lookupSeq.current
    lookupTimer.current = setTimeout(async () => {
      const answer = await fetchJson<Suggestions>(`${base}?${new URLSearchParams({ q: text })}`)
      if (seq === lookupSeq.current) setFound(answer?.found ?? [])
    }, 250)
  }

  const foundId = `${formId}-conceptsFound`
  const input = () => document.getElementById(`${formId}-conceptAdd`)
  const suggestion = (i: number) => document.getElementById(foundId)?.querySelectorAll('button')[i]
  const add = (concept: { key: string; name: string }) => {
    setChips((previous) =>
      previous.some((c) => c.key === concept.key)
        ? previous.map((c) => (c.key === concept.key ? { ...c, checked: true } : c))
        : [...previous, { ...concept, checked: true, origin: 'added' }],
    )
    clearTimeout(lookupTimer.current)
    lookupSeq.current++
    setTyped('')
    setFound([])
    input()?.focus()
  }
  const onAddKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Enter picks the first concept found; it never sends the whole form from here
      event.preventDefault()
      if (found[0]) add(found[0])
    } else if (event.key === 'ArrowDown' && found.length) {
      // the arrow keys go through what was found, Escape comes back to the word
      event.preventDefault()
      suggestion(0)?.focus()
    } else if (event.key === 'Escape' && found.length) {
      event.preventDefault()
      setFound([])
    }
  }
  const onSuggestionKey = (event: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = Math.min(i + 1, found.length - 1)
    // -1: back to the word typed
    const moves: Record<string, number> = { ArrowDown: next, ArrowRight: next, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: found.length - 1, Escape: -1 }
    const to = moves[event.key] ?? null
    if (to === null) return
    event.preventDefault()
    if (to >= 0) suggestion(to)?.focus()
    else input()?.focus()
    if (event.key === 'Escape') setFound([])
  }
  const toggle = (key: string) => setChips((previous) => previous.map((c) => (c.key === key ? { ...c, checked: !c.checked } : c)))
  const listId = `${formId}-concepts`

  return (
    <div role="group" aria-labelledby={`${listId}-label`} aria-describedby={`${listId}-hint`} className="space-y-2">
      <p id={`${listId}-label`} className="text-sm font-medium">
        {t('listings.fields.concepts')}
      </p>
      <p id={`${listId}-hint`} className="text-sm text-stone-600">
        {t('listings.fields.conceptsHint')}
      </p>
      {chips.length ? (
        <ul id={listId} className="flex flex-wrap gap-2">
          {chips.map((c) => (
            <li key={c.key}>
              <input type="hidden" name="conceptsOffered" value={c.key} form={formId} />
              <label className="inline-flex min-h-9 cursor-pointer items-center gap-2 rounded-full border border-stone-400 bg-stone-50 px-3 py-1 text-sm has-[:checked]:border-emerald-700 has-[:checked]:bg-emerald-50 has-[:checked]:text-emerald-950">
                <input type="checkbox" name="concepts" value={c.key} form={formId} checked={c.checked} onChange={() => toggle(c.key)} className="size-4" />
                <span className={c.checked ? undefined : 'line-through'}>{c.name}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-stone-600">{t('listings.fields.conceptsNone')}</p>
      )}
      <p role="status" className="text-sm text-stone-600">
        {looking ? t('listings.fields.conceptsLooking') : ''}
      </p>
      {errors?.length ? (
        <ul id={`${listId}-error`} className="text-sm text-red-800">
          {errors.map((e) => (
            <li key={e}>{translateError(t, e)}</li>
          ))}
        </ul>
      ) : null}
      <Field
        label={`${t('listings.fields.conceptAdd')} ${t('common.optional')}`}
        hint={t('listings.fields.conceptAddHint')}
        id={`${formId}-conceptAdd`}
        name="conceptAdd"
        form={formId}
        value={typed}
        onChange={(e) => onTyped(e.target.value)}
        onKeyDown={onAddKey}
        maxLength={100}
        autoComplete="off"
        errors={addErrors}
      />
      <p role="status" className="sr-only">
        {found.length ? t('listings.fields.conceptsFound', { count: found.length }) : ''}
      </p>
      {found.length ? (
        <ul id={foundId} aria-label={t('listings.fields.conceptsFound', { count: found.length })} className="flex flex-wrap gap-2">
          {found.map((f, i) => (
            <li key={f.key}>
              <button
                type="button"
                onClick={() => add(f)}
                onKeyDown={(event) => onSuggestionKey(event, i)}
                className="min-h-9 rounded-full border border-dashed border-stone-500 px-3 py-1 text-sm hover:bg-stone-100"
              >
                + {f.name}
                {f.label !== f.name ? <span className="text-stone-600"> ({f.label})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
