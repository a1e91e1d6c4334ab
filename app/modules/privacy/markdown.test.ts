import { describe, expect, it } from 'vitest'
import { parseInline, parseMarkdown, safeHref } from './markdown'

describe('the legal pages’ Markdown', () => {
  it('reads headings, paragraphs with line breaks, lists, bold, emphasis and links', () => {
    const blocks = parseMarkdown('# Impressum\n\nVerein e. V.\nHauptstr. 1\n\n## Kontakt\n\n- **Telefon:** 0421 1\n- E-Mail: [info@x.de](mailto:info@x.de)\n\n1. *eins*\n2. zwei')
    expect(blocks).toEqual([
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Impressum' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Verein e. V.' }, { type: 'br' }, { type: 'text', text: 'Hauptstr. 1' }] },
      { type: 'heading', level: 3, children: [{ type: 'text', text: 'Kontakt' }] },
      {
        type: 'list',
        ordered: false,
        items: [
          [{ type: 'strong', children: [{ type: 'text', text: 'Telefon:' }] }, { type: 'text', text: ' 0421 1' }],
          [{ type: 'text', text: 'E-Mail: ' }, { type: 'link', href: 'mailto:info@x.de', children: [{ type: 'text', text: 'info@x.de' }] }],
        ],
      },
      { type: 'list', ordered: true, items: [[{ type: 'em', children: [{ type: 'text', text: 'eins' }] }], [{ type: 'text', text: 'zwei' }]] },
    ])
  })

  it('keeps HTML as text: nothing in the source becomes markup', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>')
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ])
  })

  it('drops links to anything but the web, mail, phone or a page of the site, keeping their text', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'https://user:pw@x.de', 'vbscript:x']) {
      expect(safeHref(bad), bad).toBeNull()
      const inline = parseInline(`[klick](${bad})`)
      expect(inline.some((n) => n.type === 'link'), bad).toBe(false)
      expect(inline.map((n) => (n.type === 'text' ? n.text : '')).join(''), bad).toContain('klick')
    }
    expect(parseInline('[klick](javascript:void)')).toEqual([{ type: 'text', text: 'klick' }])
    expect(safeHref('https://example.org/a?b=c')).toBe('https://example.org/a?b=c')
    expect(safeHref('/imprint')).toBe('/imprint')
    expect(safeHref('tel:+49421123')).toBe('tel:+49421123')
  })

  it('reads CR LF, drops NUL and other control characters, and survives a large text', () => {
    expect(parseMarkdown('a\r\nb\u0000c\r\n\r\nd')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'a' }, { type: 'br' }, { type: 'text', text: 'bc' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'd' }] },
    ])
    const big = `${'**x** [a](https://x.de) '.repeat(2000)}\n\n`.repeat(1)
    const started = Date.now()
    expect(parseMarkdown(big)).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
