import { Link, useLoaderData } from '@remix-run/react'
import { sql } from '../db.server'

/** One query of 20 rows (by primary key), rendered as a list of links: what a minimal Remix page costs. */
export async function loader() {
  const rows = await sql<{ id: string; title: string }[]>`select id, title from listings order by id limit 20`
  return { rows: rows.map((r) => ({ id: r.id, title: r.title })) }
}

export default function Index() {
  const { rows } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>Angebote</h1>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            <Link to={`/?id=${r.id}`}>{r.title}</Link>
          </li>
        ))}
      </ul>
    </main>
  )
}
