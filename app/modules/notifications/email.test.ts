import { describe, expect, it } from "vitest";
import { groupForDigest } from "./digest";
import { renderDigestEmail, renderNotificationEmail } from "./email";

/**
 * The text parts below were written down from the string-built renderer before the HTML moved to
 * React components (issue #18): the text part must not change; the HTML must say the same, escaped.
 */
const ctx = {
  locale: "en",
  name: 'Ada <& "Lovelace">',
  origin: "https://viertel.example",
  unsubscribe: {
    "match.new": "https://viertel.example/unsubscribe/k1.a.b",
    "exchange.accepted": "https://viertel.example/unsubscribe/k1.c.d",
  },
};
const now = new Date("2026-01-01T00:00:00Z");
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe("a notice as an e-mail", () => {
  it("keeps today’s text part and says the same, escaped, in HTML", () => {
    const mail = renderNotificationEmail(ctx, {
      kind: "match.new",
      payload: {
        title: "Drill & <bits>",
        yours: 'Need "a" drill',
        url: "/c/x/listings/1",
      },
    });
    expect(mail.subject).toBe(
      '“Drill & <bits>” matches your listing “Need "a" drill”'
    );
    expect(mail.text).toBe(
      'Hello Ada <& "Lovelace">,\n\n“Drill & <bits>” matches your listing “Need "a" drill”\n\nView: https://viertel.example/c/x/listings/1\n\n--\nYou get this e-mail because you have an account at Viertel.\nNo more e-mails of this kind: https://viertel.example/unsubscribe/k1.a.b\nAll e-mail settings: https://viertel.example/notifications/settings'
    );
    expect(mail.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(mail.html).toContain(
      "<p>Hello Ada &lt;&amp; &quot;Lovelace&quot;&gt;,</p>"
    );
    expect(mail.html).toContain(
      "<strong>“Drill &amp; &lt;bits&gt;” matches your listing “Need &quot;a&quot; drill”</strong>"
    );
    expect(mail.html).not.toContain("<bits>");
    expect(hrefs(mail.html)).toEqual([
      "https://viertel.example/c/x/listings/1",
      "https://viertel.example/unsubscribe/k1.a.b",
      "https://viertel.example/notifications/settings",
    ]);
  });

  it("drops a link that is not a path of the app (javascript:, another host)", () => {
    for (const url of [
      "javascript:alert(1)",
      "//evil.example/x",
      "https://evil.example/x",
    ]) {
      const mail = renderNotificationEmail(ctx, {
        kind: "match.new",
        payload: { title: "x", url },
      });
      expect(mail.text).toBe(
        'Hello Ada <& "Lovelace">,\n\n“x” matches your listing “”\n\n--\nYou get this e-mail because you have an account at Viertel.\nNo more e-mails of this kind: https://viertel.example/unsubscribe/k1.a.b\nAll e-mail settings: https://viertel.example/notifications/settings'
      );
      expect(hrefs(mail.html)).toEqual([
        "https://viertel.example/unsubscribe/k1.a.b",
        "https://viertel.example/notifications/settings",
      ]);
      expect(mail.html).not.toContain("evil");
      expect(mail.html).not.toContain("javascript");
    }
  });

  it("keeps the note’s lines in the text and escapes them in HTML", () => {
    const mail = renderNotificationEmail(ctx, {
      kind: "application.decided",
      payload: {
        variant: "admitted",
        initiative: "Chor & Co",
        centre: "Hafen",
        note: " Willkommen <3\nbis bald ",
        url: "/c/hafen",
      },
    });
    expect(mail.text).toBe(
      'Hello Ada <& "Lovelace">,\n\n“Chor & Co” is admitted to Hafen\n\nGood news: the team of Hafen has admitted “Chor & Co”. You can now post offers and needs.\n\nMessage from the team:\nWillkommen <3\nbis bald\n\nView: https://viertel.example/c/hafen\n\n--\nYou get this e-mail because you have an account at Viertel.\nAll e-mail settings: https://viertel.example/notifications/settings'
    );
    expect(mail.html).toContain(
      '<p>Message from the team:</p><blockquote style="margin:0 0 1em 1em;white-space:pre-line">Willkommen &lt;3\nbis bald</blockquote>'
    );
  });
});

describe("a digest as an e-mail", () => {
  it("keeps today’s text part, grouped by kind, with a link per kind, in the reader’s language", () => {
    const groups = groupForDigest([
      {
        id: "1",
        kind: "match.new",
        payload: { title: "A & B", yours: "Y", url: "/c/x/listings/1" },
        createdAt: now,
      },
      {
        id: "2",
        kind: "exchange.accepted",
        payload: { title: "<T>", url: "//evil.example/x" },
        createdAt: now,
      },
      {
        id: "3",
        kind: "match.new",
        payload: { title: "C", yours: "Z" },
        createdAt: now,
      },
    ]);
    const mail = renderDigestEmail({ ...ctx, locale: "de" }, "weekly", groups);
    expect(mail.subject).toBe("Deine wöchentliche Zusammenfassung von Viertel");
    expect(mail.text).toBe(
      'Hallo Ada <& "Lovelace">,\n\nSeit der letzten Zusammenfassung gibt es 3 Neuigkeiten:\n\nNeue passende Einträge\n* „A & B“ passt zu eurem Eintrag „Y“\n  https://viertel.example/c/x/listings/1\n* „C“ passt zu eurem Eintrag „Z“\n\nAngenommene Tausche\n*  hat den Tausch „<T>“ angenommen\n\n--\nDu bekommst diese E-Mail, weil du bei Viertel ein Konto hast.\nKeine Zusammenfassungen mehr für „Neue passende Einträge“: https://viertel.example/unsubscribe/k1.a.b\nKeine Zusammenfassungen mehr für „Angenommene Tausche“: https://viertel.example/unsubscribe/k1.c.d\nAlle E-Mail-Einstellungen: https://viertel.example/notifications/settings'
    );
    expect(mail.html.startsWith('<!doctype html><html lang="de">')).toBe(true);
    expect(mail.html).toContain(
      '<h2 style="font-size:16px">Neue passende Einträge</h2><ul><li><a href="https://viertel.example/c/x/listings/1">„A &amp; B“ passt zu eurem Eintrag „Y“</a></li><li>„C“ passt zu eurem Eintrag „Z“</li></ul>'
    );
    expect(mail.html).toContain("„&lt;T&gt;“");
    expect(hrefs(mail.html)).toEqual([
      "https://viertel.example/c/x/listings/1",
      "https://viertel.example/unsubscribe/k1.a.b",
      "https://viertel.example/unsubscribe/k1.c.d",
      "https://viertel.example/notifications/settings",
    ]);
  });

  it("puts a note under its title, on one line in the text and escaped in HTML", () => {
    const groups = groupForDigest([
      {
        id: "1",
        kind: "loan.decided",
        createdAt: now,
        payload: {
          variant: "declined",
          initiative: "Radwerk",
          title: "Lastenrad",
          note: "Kein\n Geld <mehr>",
          url: "/c/x/loans/1",
        },
      },
    ]);
    const mail = renderDigestEmail(
      { ...ctx, locale: "fr", unsubscribe: {} },
      "daily",
      groups
    );
    expect(mail.subject).toBe("Votre résumé quotidien de Viertel");
    expect(mail.text).toBe(
      'Bonjour Ada <& "Lovelace">,\n\nDepuis le dernier résumé, il y a 1 nouveauté :\n\nDécisions sur les prêts\n* Radwerk a refusé la demande de prêt « Lastenrad »\n  Motif indiqué : Kein Geld <mehr>\n  https://viertel.example/c/x/loans/1\n\n--\nVous recevez cet e-mail parce que vous avez un compte sur Viertel.\nTous les réglages des e-mails: https://viertel.example/notifications/settings'
    );
    expect(mail.html.startsWith('<!doctype html><html lang="fr">')).toBe(true);
    expect(mail.html).toContain(
      '<span style="white-space:pre-line">Motif indiqué : Kein\n Geld &lt;mehr&gt;</span>'
    );
  });

  it("falls back to German for an unknown locale", () => {
    const mail = renderDigestEmail({ ...ctx, locale: "xx" }, "daily", []);
    expect(mail.html.startsWith('<!doctype html><html lang="de">')).toBe(true);
  });
});
