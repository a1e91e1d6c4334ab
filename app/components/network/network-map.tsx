import { MAP_HEIGHT, MAP_WIDTH } from './map-frame'

export interface MapDot {
  slug: string
  name: string
  city: string
  x: number
  y: number
}

/** Dots closer than this (pixels) are set apart, so two centres of one city stay two links. */
const APART = 20

/** Moves a dot that would cover an earlier one a little to the right, in the order given. */
export function spreadDots<T extends { x: number; y: number }>(dots: readonly T[]): T[] {
  const placed: T[] = []
  for (const dot of dots) {
    let x = dot.x
    while (placed.some((p) => Math.hypot(p.x - x, p.y - dot.y) < APART)) x += APART
    placed.push({ ...dot, x })
  }
  return placed
}

/**
 * The network map (issue #17 §2): the partner countries' outlines (a static image, drawn by
 * scripts/map-outlines.ts) with each centre that has a place as a dot linking to its profile.
 * Server-rendered SVG, no tiles and no script; the table beside it lists every centre.
 */
export function NetworkMap({ dots, title, caption }: { dots: readonly MapDot[]; title: string; caption: string }) {
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        role="group"
        aria-labelledby="network-map-title"
        className="h-auto w-full max-w-md rounded-lg border border-stone-200 bg-sky-50"
      >
        <title id="network-map-title">{title}</title>
        <image href="/map/partner-countries.svg" width={MAP_WIDTH} height={MAP_HEIGHT} aria-hidden="true" />
        {spreadDots(dots).map((dot) => (
          <a key={dot.slug} href={`/c/${dot.slug}`} aria-label={`${dot.name}, ${dot.city}`} className="group">
            <title>{`${dot.name}, ${dot.city}`}</title>
            <circle
              cx={dot.x}
              cy={dot.y}
              r={9}
              className="fill-brand-700 stroke-white group-hover:fill-brand-900 group-focus-visible:stroke-amber-500"
              strokeWidth={3}
            />
          </a>
        ))}
      </svg>
      <figcaption className="max-w-md text-sm text-stone-700">{caption}</figcaption>
    </figure>
  )
}
