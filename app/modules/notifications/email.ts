import { createElement } from "react";
import { DigestEmail } from "~/emails/digest-email";
import { NoticeEmail } from "~/emails/notice-email";
import { renderEmailHtml } from "~/emails/render";
import de from "~/locales/de/notifications.json";
import en from "~/locales/en/notifications.json";
import fr from "~/locales/fr/notifications.json";
import nl from "~/locales/nl/notifications.json";
import { createT, isLocale, type Locale, type TFunction } from "~/utils/i18n";
import type { DigestGroup } from "./digest";
import type { NotificationKind } from "./kinds";
import {
  type NotificationItem,
  notificationBody,
  notificationNote,
  notificationTitle,
} from "./text";

/**
 * E-mails are rendered from the `notifications` namespace imported directly (not through
 * i18n.server's Vite glob), so that the stand-alone worker (`npm run worker`, run by tsx)
 * renders digests with exactly the texts the app uses.
 */
const catalogue: Record<Locale, Record<string, unknown>> = {
  de: { notifications: de },
  en: { notifications: en },
  fr: { notifications: fr },
  nl: { notifications: nl },
};

export function mailT(locale: string | null | undefined): TFunction {
  const lng: Locale = isLocale(locale) ? locale : "de";
  return createT(lng, catalogue[lng]);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type MailItem = NotificationItem;

export interface MailContext {
  locale: string | null | undefined;
  name: string;
  /** absolute origin, e.g. https://viertel.example */
  origin: string;
  /** absolute unsubscribe link per kind in this e-mail */
  unsubscribe: Partial<Record<NotificationKind, string>>;
}

function absolute(origin: string, path: unknown): string | null {
  return typeof path === "string" &&
    path.startsWith("/") &&
    !path.startsWith("//")
    ? `${origin}${path}`
    : null;
}

function footer(
  t: TFunction,
  ctx: MailContext,
  kinds: NotificationKind[],
  digest: boolean
) {
  const settings = {
    label: t("notifications.email.settings"),
    url: `${ctx.origin}/notifications/settings`,
  };
  const links = kinds
    .filter((k) => ctx.unsubscribe[k])
    .map((k) => ({
      label: digest
        ? t("notifications.email.digest.unsubscribe", {
            kind: t(`notifications.kinds.${k}.label`),
          })
        : t("notifications.email.unsubscribe"),
      url: ctx.unsubscribe[k]!,
    }));
  const why = t("notifications.email.why");
  const text = [
    "--",
    why,
    ...links.map((l) => `${l.label}: ${l.url}`),
    `${settings.label}: ${settings.url}`,
  ].join("\n");
  return { text, parts: { why, links, settings } };
}

const langOf = (locale: string | null | undefined) =>
  isLocale(locale) ? locale : "de";

/** One notification as an e-mail of its own (mode "immediately"): title, its paragraph and note where the kind has them, a link. */
export function renderNotificationEmail(
  ctx: MailContext,
  item: MailItem
): RenderedEmail {
  const t = mailT(ctx.locale);
  const title = notificationTitle(t, item);
  const body = notificationBody(t, item);
  const note = notificationNote(t, item);
  const url = absolute(ctx.origin, item.payload.url);
  const link = url ? { label: t("notifications.email.open"), url } : null;
  const greeting = t("notifications.email.greeting", { name: ctx.name });
  const foot = footer(t, ctx, [item.kind], false);
  const text = [
    greeting,
    "",
    title,
    ...(body ? ["", body] : []),
    ...(note ? ["", note.label, note.text] : []),
    ...(link ? ["", `${link.label}: ${link.url}`] : []),
    "",
    foot.text,
  ].join("\n");
  const html = renderEmailHtml(
    createElement(NoticeEmail, {
      lang: langOf(ctx.locale),
      greeting,
      title,
      body,
      note,
      link,
      foot: foot.parts,
    })
  );
  return { subject: title, text, html };
}

/** Many notifications in one e-mail (daily or weekly digest), grouped by kind. */
export function renderDigestEmail(
  ctx: MailContext,
  period: "daily" | "weekly",
  groups: DigestGroup[]
): RenderedEmail {
  const t = mailT(ctx.locale);
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  const greeting = t("notifications.email.greeting", { name: ctx.name });
  const intro = t("notifications.email.digest.intro", { count });
  const foot = footer(
    t,
    ctx,
    groups.map((g) => g.kind),
    true
  );
  const entries = groups.map((g) => ({
    kind: g.kind,
    label: t(`notifications.kinds.${g.kind}.label`),
    entries: g.items.map((item) => ({
      title: notificationTitle(t, item),
      note: notificationNote(t, item),
      url: absolute(ctx.origin, item.payload.url),
    })),
  }));
  const textGroups = entries.map((g) =>
    [
      g.label,
      ...g.entries.map((e) =>
        [
          `* ${e.title}`,
          ...(e.note
            ? [`  ${e.note.label} ${e.note.text.replace(/\s*\n\s*/g, " ")}`]
            : []),
          ...(e.url ? [`  ${e.url}`] : []),
        ].join("\n")
      ),
    ].join("\n")
  );
  const html = renderEmailHtml(
    createElement(DigestEmail, {
      lang: langOf(ctx.locale),
      greeting,
      intro,
      groups: entries.map((g) => ({
        ...g,
        entries: g.entries.map((e) => ({
          ...e,
          note: e.note ? `${e.note.label} ${e.note.text}` : null,
        })),
      })),
      foot: foot.parts,
    })
  );
  return {
    subject: t(`notifications.email.digest.subject_${period}`),
    text: [
      greeting,
      "",
      intro,
      "",
      textGroups.join("\n\n"),
      "",
      foot.text,
    ].join("\n"),
    html,
  };
}
