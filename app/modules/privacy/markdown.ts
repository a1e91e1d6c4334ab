/**
 * The small Markdown the admin writes the privacy notice and imprint in (ADR 068): headings
 * (#, ##, ###), paragraphs, lists (- or 1.), **bold**, *emphasis*, [links](https://…) and line
 * breaks inside a paragraph (an address). Parsed into plain data that React renders as elements:
 * no HTML is ever produced from the text, so nothing the text holds can become markup.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' }

export type Block =
  | { type: 'heading'; level: 2 | 3 | 4; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }

/** Links may go to the web, to an e-mail address, a phone number, or a page of this site. */
export function safeHref(raw: string): string | null {
  const href = raw.trim()
  if (!href || /[\u0000-\u001f\u007f\s<>"]/.test(href)) return null
  if (/^https?:\/\/[^/]/i.test(href)) {
    try {
      const url = new URL(href)
      return url.username || url.password ? null : href
    } catch {
      return null
    }
  }
  if (/^mailto:[^@/]+@[^@/]+$/i.test(href)) return href
  if (/^tel:\+?[0-9()-]{3,30}$/i.test(href)) return href
  if (/^\/(?![/\\])/.test(href)) return href
  return null
}

/** Inline markup of one line of text (links, bold, emphasis); anything unmatched stays text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let buffer = ''
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer })
    buffer = ''
  }
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const link = /^\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)/.exec(rest)
    if (link) {
      const href = safeHref(link[2]!)
      flush()
      if (href) out.push({ type: 'link', href, children: parseInline(link[1]!) })
      else out.push(...parseInline(link[1]!))
      i += link[0].length
      continue
    }
    const strong = /^\*\*(?=\S)([^*\n]{1,2000}?)\*\*/.exec(rest)
    if (strong) {
      flush()
      out.push({ type: 'strong', children: parseInline(strong[1]!) })
      i += strong[0].length
      continue
    }
    const em = /^[*_](?=\S)([^*_\n]{1,2000}?)[*_]/.exec(rest)
    if (em && rest[0] === em[0][em[0].length - 1]) {
      flush()
      out.push({ type: 'em', children: parseInline(em[1]!) })
      i += em[0].length
      continue
    }
    buffer += text[i]
    i += 1
  }
  flush()
  return out
}

function paragraph(lines: string[]): Block {
  const children: Inline[] = []
  lines.forEach((line, n) => {
    if (n > 0) children.push({ type: 'br' })
    children.push(...parseInline(line.trim()))
  })
  return { type: 'paragraph', children }
}

/** The blocks of a text. Windows and old Mac line ends are read as well; NUL and other controls are dropped. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').split('\n')
  const blocks: Block[] = []
  let para: string[] = []
  let list: { ordered: boolean; items: Inline[][] } | null = null
  const endPara = () => {
    if (para.length) blocks.push(paragraph(para))
    para = []
  }
  const endList = () => {
    if (list) blocks.push({ type: 'list', ...list })
    list = null
  }
  for (const line of lines) {
    const heading = /^(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line)
    const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line)
    const numbered = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/.exec(line)
    if (!line.trim()) {
      endPara()
      endList()
    } else if (heading) {
      endPara()
      endList()
      blocks.push({ type: 'heading', level: (heading[1]!.length + 1) as 2 | 3 | 4, children: parseInline(heading[2]!) })
    } else if (bullet || numbered) {
      endPara()
      const ordered = Boolean(numbered)
      if (list && list.ordered !== ordered) endList()
      list ??= { ordered, items: [] }
      list.items.push(parseInline((bullet ?? numbered)![1]!.trim()))
    } else if (list && /^\s{2,}\S/.test(line)) {
      // a continued list item
      const last = list.items[list.items.length - 1]!
      last.push({ type: 'text', text: ' ' }, ...parseInline(line.trim()))
    } else {
      endList()
      para.push(line)
    }
  }
  endPara()
  endList()
  return blocks
}
