import { Fragment } from "react";
import { EmailFoot, type EmailLink, EmailPage } from "./parts";

export interface DigestEmailEntry {
  title: string;
  /** the note's label and text, already joined */
  note: string | null;
  url: string | null;
}

export interface DigestEmailProps {
  lang: string;
  greeting: string;
  intro: string;
  groups: { kind: string; label: string; entries: DigestEmailEntry[] }[];
  foot: { why: string; links: EmailLink[]; settings: EmailLink };
}

/** Many notifications in one e-mail, grouped by kind, each title linking to its page. */
export function DigestEmail({
  lang,
  greeting,
  intro,
  groups,
  foot,
}: DigestEmailProps) {
  return (
    <EmailPage lang={lang}>
      <p>{greeting}</p>
      <p>{intro}</p>
      {groups.map((g) => (
        <Fragment key={g.kind}>
          <h2 style={{ fontSize: 16 }}>{g.label}</h2>
          <ul>
            {g.entries.map((e, i) => (
              <li key={i}>
                {e.url ? <a href={e.url}>{e.title}</a> : e.title}
                {e.note ? (
                  <>
                    <br />
                    <span style={{ whiteSpace: "pre-line" }}>{e.note}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </Fragment>
      ))}
      <EmailFoot {...foot} />
    </EmailPage>
  );
}
