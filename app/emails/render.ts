import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/** An e-mail component as a whole HTML document. React escapes every text and attribute. */
export function renderEmailHtml(element: ReactElement): string {
  return `<!doctype html>${renderToStaticMarkup(element)}`;
}
