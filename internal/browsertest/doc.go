// Package browsertest holds the browser test of the example portal; it
// has no code of its own outside tests.
//
// TestAccessibility builds the portal, serves it on 127.0.0.1 and drives
// headless Chromium (Debian's chromium, through chromedp) over every page
// type in every language — the language chooser, home, section list, news
// post, event, idea, idea catalogue, catalogue by category, category term,
// project, pool, budget results, theme, taxonomy, accessibility statement,
// a page with a form, the intake's answer to a form with errors, 404, and
// a form with every kind of field rendered empty and with errors — and
// runs axe-core with the WCAG 2.0/2.1 A and AA rules on each: any
// violation fails. It also checks that the skip link moves focus to main,
// that every form control has a label and that the language switcher
// reaches the translation; its last subtest, "requests stay local", fails
// when any page asked a host other than the test server (or the site's
// own intake) for anything.
//
// TestAxeCatchesBrokenFixture proves the check bites on
// testdata/broken.html (an unlabeled input, low contrast).
//
// TestNoOverflow loads the same page types at 320, 390, 768 and 1280 px
// and fails when the document is wider than the viewport, or an element
// reaches past it or holds content wider than its box, outside a
// scrolling container (a wide table scrolls in its labelled region);
// TestOverflowCatchesAWideElement proves it bites.
//
// TestNuHTMLChecker runs the Nu HTML Checker (vnu.jar, the W3C
// validator) over every built page of the example portal and fails on
// any error; TestNuCatchesInvalidHTML proves it bites.
//
// What it needs:
//
//	chromium   /usr/bin/chromium, or $CHROMIUM (apt-get install chromium)
//	axe-core   node_modules/axe-core/axe.min.js here (npm ci in this
//	           folder; package.json pins the version), or $AXE_CORE_JS
//	vnu.jar    vnu/node_modules/vnu-jar/build/dist/vnu.jar (npm ci in
//	           vnu/; its package-lock.json pins it), or $VNU_JAR
//	java       Debian's default-jre-headless, for vnu.jar
//
// Locally the tests skip with a message when either is missing; with
// CI=true a missing tool fails them. .ci/run installs them
// (.ci/setup.d/10-browser.sh and 60-vnu.sh).
package browsertest
