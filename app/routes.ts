import { index, prefix, route, type RouteConfig } from '@remix-run/route-config'

/**
 * The URL map of Viertel, in one place (issue #18): every URL, the file that answers it, and what
 * nests in what. The files keep their flat-route names (`c.$centre.listings.$id.tsx`), so a file
 * still says its URL; `app/routes.test.ts` checks that every file under app/routes is here once.
 * Nesting means layout: a page under `c/:centre` renders inside the centre's frame, a page under
 * `manage` inside the console's (and both loaders run).
 */
const file = (name: string) => `routes/${name}`

export default [
  // ————— public pages —————
  index(file('_index.tsx')),
  route('imprint', file('imprint.tsx')),
  route('privacy', file('privacy.tsx')),
  route('network', file('network.tsx')),
  route('guide', file('guide.tsx')),
  route('locale', file('locale.tsx')),
  route('i18n/:file', file('i18n.$file.ts')),
  route('healthz', file('healthz.ts')),
  route('readyz', file('readyz.ts')),
  route('dev/mail', file('dev.mail.tsx')),

  // ————— accounts: sign-up, login, links sent by e-mail —————
  route('signup', file('signup.tsx')),
  route('login', file('login.tsx')),
  route('login/code', file('login_.code.tsx')),
  route('logout', file('logout.tsx')),
  route('forgot-password', file('forgot-password.tsx')),
  route('reset-password/:token', file('reset-password.$token.tsx')),
  ...prefix('confirm-email', [index(file('confirm-email._index.tsx')), route(':token', file('confirm-email.$token.tsx'))]),
  ...prefix('verify-email', [index(file('verify-email._index.tsx')), route(':token', file('verify-email.$token.tsx'))]),
  route('invite/:token', file('invite.$token.tsx')),
  route('unsubscribe/:token', file('unsubscribe.$token.tsx')),
  route('ical/:file', file('ical.$file.ts')),

  // ————— the person's own pages —————
  route('account', file('account.tsx')),
  route('account/security', file('account_.security.tsx')),
  route('account/delete', file('account_.delete.tsx')),
  route('account/export', file('account_.export.tsx')),
  route('account/export.json', file('account_.export[.]json.ts')),
  ...prefix('notifications', [
    index(file('notifications._index.tsx')),
    route('settings', file('notifications.settings.tsx')),
    route('searches', file('notifications.searches.tsx')),
  ]),

  // ————— the platform admin —————
  route('admin', file('admin.tsx')),
  route('admin/pages', file('admin_.pages.tsx')),

  // ————— a centre: its frame, its pages, and the manager's console inside it —————
  route('c/:centre', file('c.$centre.tsx'), [
    index(file('c.$centre._index.tsx')),
    route('join', file('c.$centre.join.tsx')),
    // feeds of the centre's public listings for readers and other websites (resource routes)
    route('offers.atom', file('c.$centre.offers[.]atom.ts')),
    route('offers.json', file('c.$centre.offers[.]json.ts')),
    // the listing form's concept chips: suggestions for a text, and the autocomplete (ADR 083)
    route('concepts', file('c.$centre.concepts.ts')),
    // the widget other websites may frame (its own policy, scripts/server.mjs)
    route('embed', file('c.$centre.embed.ts')),
    route('initiatives/:slug', file('c.$centre.initiatives.$slug.tsx')),
    ...prefix('listings', [
      index(file('c.$centre.listings._index.tsx')),
      route('new', file('c.$centre.listings.new.tsx')),
      route(':id', file('c.$centre.listings.$id.tsx')),
      route(':id/edit', file('c.$centre.listings.$id_.edit.tsx')),
      route(':id/bookings', file('c.$centre.listings.$id_.bookings.tsx')),
      route(':id/photos/:photoId', file('c.$centre.listings.$id_.photos.$photoId.tsx')),
    ]),
    route('matches', file('c.$centre.matches.tsx')),
    route('searches', file('c.$centre.searches.tsx')),
    ...prefix('exchanges', [
      index(file('c.$centre.exchanges._index.tsx')),
      route('new', file('c.$centre.exchanges.new.tsx')),
      route(':id', file('c.$centre.exchanges.$id.tsx')),
    ]),
    ...prefix('loans', [
      index(file('c.$centre.loans._index.tsx')),
      route('new', file('c.$centre.loans.new.tsx')),
      route('fund', file('c.$centre.loans.fund.tsx')),
      route(':id', file('c.$centre.loans.$id.tsx')),
    ]),
    route('bookings', file('c.$centre.bookings.tsx')),
    route('manage', file('c.$centre.manage.tsx'), [
      index(file('c.$centre.manage._index.tsx')),
      route('applications', file('c.$centre.manage.applications.tsx')),
      route('initiatives', file('c.$centre.manage.initiatives.tsx')),
      route('import', file('c.$centre.manage.import.tsx')),
      route('import/template.csv', file('c.$centre.manage.import_.template[.]csv.ts')),
      route('listings', file('c.$centre.manage.listings.tsx')),
      route('reports', file('c.$centre.manage.reports.tsx')),
      route('exchanges', file('c.$centre.manage.exchanges.tsx')),
      route('ledger', file('c.$centre.manage.ledger.tsx')),
      route('report', file('c.$centre.manage.report.tsx')),
      route('export/:file', file('c.$centre.manage.export.$file.tsx')),
      route('audit', file('c.$centre.manage.audit.tsx')),
      route('erasure', file('c.$centre.manage.erasure.tsx')),
      route('financing', file('c.$centre.manage.financing.tsx')),
      route('vocabulary', file('c.$centre.manage.vocabulary.tsx')),
      route('settings', file('c.$centre.manage.settings.tsx')),
    ]),
  ]),
] satisfies RouteConfig
