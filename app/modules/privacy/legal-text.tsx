import type { ReactNode } from 'react'
import type { Block, Inline } from './markdown'

/** Renders parsed Markdown (markdown.ts) as React elements: text is always text, never HTML. */
function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text
      case 'br':
        return <br key={i} />
      case 'strong':
        return <strong key={i}>{inline(node.children)}</strong>
      case 'em':
        return <em key={i}>{inline(node.children)}</em>
      case 'link': {
        const external = /^https?:/i.test(node.href)
        return (
          <a key={i} href={node.href} rel={external ? 'noopener noreferrer nofollow' : undefined}>
            {inline(node.children)}
          </a>
        )
      }
    }
  })
}

const headingClass = { 2: 'text-xl font-bold sm:text-2xl', 3: 'mt-6 text-lg font-semibold', 4: 'mt-4 font-semibold' } as const

/**
 * `titled`: the text is the page (/privacy, /imprint), so its first heading, when it opens the
 * text, is the page's h1; elsewhere (the guide, under its own h1) headings start at h2.
 */
export function LegalText({ blocks, lang, titled = false }: { blocks: Block[]; lang: string; titled?: boolean }) {
  return (
    <div lang={lang} className="space-y-3 break-words">
      {blocks.map((block, i) => {
        if (block.type === 'heading') {
          const Tag = titled && i === 0 ? 'h1' : (`h${block.level}` as const)
          return (
            <Tag key={i} className={headingClass[block.level]}>
              {inline(block.children)}
            </Tag>
          )
        }
        if (block.type === 'list') {
          const List = block.ordered ? 'ol' : 'ul'
          return (
            <List key={i} className={block.ordered ? 'list-decimal space-y-1 pl-6' : 'list-disc space-y-1 pl-6'}>
              {block.items.map((item, j) => (
                <li key={j}>{inline(item)}</li>
              ))}
            </List>
          )
        }
        return <p key={i}>{inline(block.children)}</p>
      })}
    </div>
  )
}
