import type { FeedListing } from './feeds.server'

/**
 * A centre's public listings as Atom (RFC 4287) and JSON Feed 1.1 (issue #17 §4). Pure: the
 * words (kind and category labels, titles) come translated from the route, the links start with
 * the configured origin (never a request's Host header, ADR 060).
 */
export interface FeedDocument {
  origin: string
  centre: { slug: string; name: string; language: string }
  title: string
  description: string
  kindLabel: (kind: FeedListing['kind']) => string
  categoryLabel: (category: string) => string
  listings: FeedListing[]
  updatedAt: Date | null
}

const urls = (doc: FeedDocument) => {
  const centre = `${doc.origin}/c/${encodeURIComponent(doc.centre.slug)}`
  return {
    centre,
    home: `${centre}/listings`,
    atom: `${centre}/offers.atom`,
    json: `${centre}/offers.json`,
    listing: (id: string) => `${centre}/listings/${encodeURIComponent(id)}`,
    initiative: (slug: string) => `${centre}/initiatives/${encodeURIComponent(slug)}`,
  }
}

/** The newest date the feed speaks of (the epoch for an empty feed: Atom requires one). */
export function feedUpdated(doc: Pick<FeedDocument, 'updatedAt' | 'listings'>): Date {
  const times = [doc.updatedAt, ...doc.listings.map((l) => l.updatedAt)].filter((d): d is Date => d instanceof Date)
  return new Date(Math.max(0, ...times.map((d) => d.getTime())))
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but TAB, CR, LF; lone surrogates; U+FFFE/FFFF)
 * are dropped: one NUL in a description must not make the whole feed unreadable.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function toAtom(doc: FeedDocument): string {
  const u = urls(doc)
  const entries = doc.listings.map((l) =>
    [
      '  <entry>',
      `    <id>${xmlText(u.listing(l.id))}</id>`,
      `    <title type="text">${xmlText(l.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(u.listing(l.id))}"/>`,
      `    <published>${l.publishedAt.toISOString()}</published>`,
      `    <updated>${l.updatedAt.toISOString()}</updated>`,
      `    <author><name>${xmlText(l.initiativeName)}</name><uri>${xmlText(u.initiative(l.initiativeSlug))}</uri></author>`,
      `    <category scheme="${xmlText(`${doc.origin}/kinds`)}" term="${xmlText(l.kind)}" label="${xmlText(doc.kindLabel(l.kind))}"/>`,
      `    <category scheme="${xmlText(`${doc.origin}/categories`)}" term="${xmlText(l.category)}" label="${xmlText(doc.categoryLabel(l.category))}"/>`,
      `    <summary type="text" xml:lang="${xmlText(l.language)}">${xmlText(l.description)}</summary>`,
      '  </entry>',
    ].join('\n'),
  )
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(doc.centre.language)}">`,
    `  <id>${xmlText(u.atom)}</id>`,
    `  <title type="text">${xmlText(doc.title)}</title>`,
    `  <subtitle type="text">${xmlText(doc.description)}</subtitle>`,
    `  <updated>${feedUpdated(doc).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(u.atom)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(u.home)}"/>`,
    `  <author><name>${xmlText(doc.centre.name)}</name><uri>${xmlText(u.centre)}</uri></author>`,
    '  <generator>Viertel</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function toJsonFeed(doc: FeedDocument) {
  const u = urls(doc)
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    description: doc.description,
    home_page_url: u.home,
    feed_url: u.json,
    language: doc.centre.language,
    authors: [{ name: doc.centre.name, url: u.centre }],
    items: doc.listings.map((l) => ({
      id: u.listing(l.id),
      url: u.listing(l.id),
      title: l.title,
      content_text: l.description,
      date_published: l.publishedAt.toISOString(),
      date_modified: l.updatedAt.toISOString(),
      language: l.language,
      authors: [{ name: l.initiativeName, url: u.initiative(l.initiativeSlug) }],
      tags: [doc.kindLabel(l.kind), doc.categoryLabel(l.category)],
      _viertel: { kind: l.kind, category: l.category },
    })),
  }
}
