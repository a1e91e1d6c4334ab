import { Fragment, type ReactNode } from "react";

/** A link in an e-mail, as the renderer hands it over: always an absolute URL on the app's origin. */
export interface EmailLink {
  label: string;
  url: string;
}

export function EmailPage({
  lang,
  children,
}: {
  lang: string;
  children: ReactNode;
}) {
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
      </head>
      <body
        style={{
          fontFamily: "system-ui,sans-serif",
          lineHeight: 1.5,
          color: "#1c1917",
        }}
      >
        {children}
      </body>
    </html>
  );
}

/** Why the person gets this e-mail, the unsubscribe link per kind and the way to all settings. */
export function EmailFoot({
  why,
  links,
  settings,
}: {
  why: string;
  links: EmailLink[];
  settings: EmailLink;
}) {
  return (
    <>
      <hr />
      <p style={{ color: "#57534e", fontSize: 13 }}>
        {why}
        <br />
        {links.map((l) => (
          <Fragment key={l.url}>
            <a href={l.url}>{l.label}</a>
            <br />
          </Fragment>
        ))}
        <a href={settings.url}>{settings.label}</a>
      </p>
    </>
  );
}
