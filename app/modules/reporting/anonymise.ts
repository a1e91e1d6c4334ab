/**
 * Letters for anonymised initiatives: A … Z, AA, AB, … (like spreadsheet columns). The order
 * is the report's own (most hours first), never the names' alphabetical order, so a letter does
 * not hint at a name (docs/decisions/052-anonymised-report.md).
 */
export function letterFor(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    out = String.fromCharCode(65 + rest) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

/** Positions on a circle for a network picture: deterministic, first node at the top, clockwise. */
export function circleLayout(count: number, cx: number, cy: number, r: number) {
  return Array.from({ length: count }, (_, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(count, 1)
    return { x: Math.round((cx + r * Math.cos(angle)) * 10) / 10, y: Math.round((cy + r * Math.sin(angle)) * 10) / 10, angle }
  })
}

/** A "nice" upper bound for a chart axis: 1, 2 or 5 times a power of ten, at least the maximum. */
export function niceMax(max: number) {
  if (max <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power
  return 10 * power
}

/** Relative change in percent, rounded; null when there is nothing to compare with. */
export function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null
  return Math.round(((current - previous) / previous) * 100)
}

/**
 * Display labels for the network's nodes: names, or (anonymised) letters in the nodes' own
 * order; the folded rest gets `others`.
 */
export function labelNodes<N extends { id: string | null; name: string | null }>(
  nodes: N[],
  options: { anonymise: boolean; others: string; letter: (letter: string) => string },
) {
  let next = 0
  return nodes.map((node) => {
    if (node.id === null) return { ...node, name: null, slug: null, label: options.others }
    const label = options.anonymise ? options.letter(letterFor(next++)) : (node.name ?? '')
    return options.anonymise ? { ...node, name: null, slug: null, label } : { ...node, label }
  })
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The manager's own text in an anonymised report: every initiative name (and slug) is replaced
 * by its letter, or by `***` when the initiative has none in this report. Longest names first,
 * so "Radwerk Kollektiv" goes before "Radwerk".
 */
export function anonymiseText(text: string, initiatives: { id: string; name: string; slug: string }[], letters: Map<string, string>) {
  const words = initiatives
    .flatMap((i) => [
      { word: i.name, id: i.id },
      { word: i.slug, id: i.id },
    ])
    .filter((w) => w.word.trim().length >= 2)
    .sort((a, b) => b.word.length - a.word.length)
  let out = text
  for (const { word, id } of words) {
    out = out.replace(new RegExp(escapeRegExp(word), 'giu'), letters.get(id) ?? '***')
  }
  return out
}
