import type { FeedListing } from './feeds.server'

/**
 * The widget a centre puts on its own website in an <iframe> (issue #17 §4): the newest public
 * offers and needs as a small HTML page, no JavaScript, its style inline (the page sends a policy
 * that allows nothing else). Every link opens Viertel in a new tab of the top window.
 */
export interface EmbedDocument {
  lang: string
  origin: string
  centre: { slug: string; name: string }
  text: { title: string; offers: string; needs: string; none: string; all: string }
  categoryLabel: (category: string) => string
  offers: FeedListing[]
  needs: FeedListing[]
}

const NOT_SHOWN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
export function html(value: string): string {
  return value.replace(NOT_SHOWN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const STYLE = `
body{margin:0;padding:12px;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1917;background:#fff}
h1{font-size:17px;margin:0 0 8px}h2{font-size:15px;margin:12px 0 4px;color:#14532d}
ul{list-style:none;margin:0;padding:0}li{padding:6px 0;border-top:1px solid #e7e5e4}
a{color:#14532d}a:focus{outline:2px solid #14532d;outline-offset:2px}
.meta{display:block;font-size:13px;color:#57534e}p{margin:12px 0 0;font-size:14px}
`.trim()

export function embedHtml(doc: EmbedDocument): string {
  const centre = `${doc.origin}/c/${encodeURIComponent(doc.centre.slug)}`
  const section = (heading: string, items: FeedListing[]) => {
    const list = items.length
      ? `<ul>${items
          .map(
            (l) =>
              `<li><a href="${html(`${centre}/listings/${encodeURIComponent(l.id)}`)}" target="_blank" rel="noopener">${html(l.title)}</a>` +
              `<span class="meta">${html(l.initiativeName)} · ${html(doc.categoryLabel(l.category))}</span></li>`,
          )
          .join('')}</ul>`
      : `<p>${html(doc.text.none)}</p>`
    return `<section><h2>${html(heading)}</h2>${list}</section>`
  }
  return [
    '<!doctype html>',
    `<html lang="${html(doc.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<meta name="robots" content="noindex"><title>${html(doc.text.title)}</title><style>${STYLE}</style></head>`,
    `<body><main><h1>${html(doc.text.title)}</h1>`,
    section(doc.text.offers, doc.offers),
    section(doc.text.needs, doc.needs),
    `<p><a href="${html(`${centre}/listings`)}" target="_blank" rel="noopener">${html(doc.text.all)}</a></p>`,
    '</main></body></html>',
    '',
  ].join('\n')
}
