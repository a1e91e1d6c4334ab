import { Link } from '@remix-run/react'
import { Card } from '~/components/ui/card'
import { useT } from '~/utils/use-t'
import type { Block } from './markdown'
import { LegalText } from './legal-text'
import type { LegalPage } from './templates'

export interface LegalPageData {
  page: LegalPage
  blocks: Block[]
  lang: string
  translated: boolean
  isAdmin: boolean
}

/** The body of /privacy and /imprint. */
export function LegalPageView({ data }: { data: LegalPageData }) {
  const t = useT()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      {!data.translated ? <p className="text-sm text-stone-700">{t('privacy.pages.onlyGerman')}</p> : null}
      {/* the text's opening heading is the page's h1; a text that opens without one gets the page's name */}
      {data.blocks[0]?.type === 'heading' ? null : <h1 className="sr-only">{t(`privacy.admin.page.${data.page}`)}</h1>}
      <Card>
        <LegalText blocks={data.blocks} lang={data.lang} titled />
      </Card>
      {data.isAdmin ? (
        <p className="text-sm">
          <Link to={`/admin/pages?page=${data.page}`}>{t('privacy.pages.edit')}</Link>
        </p>
      ) : null}
    </div>
  )
}
