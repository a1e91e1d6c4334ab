import { EmailFoot, type EmailLink, EmailPage } from "./parts";

export interface NoticeEmailProps {
  lang: string;
  greeting: string;
  title: string;
  body: string | null;
  note: { label: string; text: string } | null;
  link: EmailLink | null;
  foot: { why: string; links: EmailLink[]; settings: EmailLink };
}

/** One notification as an e-mail of its own: title, its paragraph and note where the kind has them, a link. */
export function NoticeEmail({
  lang,
  greeting,
  title,
  body,
  note,
  link,
  foot,
}: NoticeEmailProps) {
  return (
    <EmailPage lang={lang}>
      <p>{greeting}</p>
      <p>
        <strong>{title}</strong>
      </p>
      {body ? <p>{body}</p> : null}
      {note ? (
        <>
          <p>{note.label}</p>
          <blockquote style={{ margin: "0 0 1em 1em", whiteSpace: "pre-line" }}>
            {note.text}
          </blockquote>
        </>
      ) : null}
      {link ? (
        <p>
          <a href={link.url}>{link.label}</a>
        </p>
      ) : null}
      <EmailFoot {...foot} />
    </EmailPage>
  );
}
