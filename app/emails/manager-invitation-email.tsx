import { EmailPage } from "./parts";

export interface ManagerInvitationEmailProps {
  lang: string;
  greeting: string;
  /** who invites whom to what, one paragraph */
  intro: string;
  /** what a manager does on Viertel, one paragraph */
  role: string;
  link: { label: string; url: string };
  /** how long the link works and that it works once */
  validity: string;
  /** why the person got this e-mail and what to do if it is not for them */
  why: string;
}

/**
 * A platform admin invites the first (or another) manager of a centre (issue #19, ADR 073). The
 * text part is built beside it (app/modules/centres/manager-invitation-mail.server.ts).
 */
export function ManagerInvitationEmail({
  lang,
  greeting,
  intro,
  role,
  link,
  validity,
  why,
}: ManagerInvitationEmailProps) {
  return (
    <EmailPage lang={lang}>
      <p>{greeting}</p>
      <p>{intro}</p>
      <p>{role}</p>
      <p>
        <a
          href={link.url}
          style={{
            display: "inline-block",
            padding: "10px 16px",
            borderRadius: 6,
            background: "#065f46",
            color: "#ffffff",
            textDecoration: "none",
            fontWeight: 600,
          }}
        >
          {link.label}
        </a>
      </p>
      <p style={{ fontSize: 13 }}>
        {validity}
        <br />
        <a href={link.url}>{link.url}</a>
      </p>
      <hr />
      <p style={{ color: "#57534e", fontSize: 13 }}>{why}</p>
    </EmailPage>
  );
}
