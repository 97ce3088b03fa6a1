// Package locale writes what a reader sees in their own language's
// conventions: dates, times, numbers, money, percentages, plurals and URL
// slugs. It also holds Text, a string given per language in site
// configuration.
//
// Get a Locale with For("sv") (a tag such as "sv-SE" works too) and call
// its methods; Slugify is a plain function of a language and a string.
// Everything here is a pure function over read-only tables: safe to call
// from any number of goroutines, and cheap enough to call for every date
// and number of a build. The tables are our own, written from the
// languages' common usage (mostly as CLDR records it); no ICU is needed.
//
// # Conventions
//
// Examples are for Wednesday 3 February 2021, 15:34, and the numbers
// 2467989.5 and -1500. "␣" marks a no-break space (U+00A0): it keeps a
// number together with its group separators and unit on one line.
//
// Swedish (sv):
//
//	dates     short 2021-02-03 · medium 3 feb. 2021 · long 3 februari 2021
//	          full onsdag 3 februari 2021 · datetime 3 februari 2021 kl. 15:34
//	time      15:34
//	ranges    3–14 november 2024 · 3 oktober – 14 november 2024
//	          18 februari 2021 kl. 12:00–13:00 · december 2017 – november 2019
//	names     lowercase months and days; MonthShort "feb", DayShort "ons"
//	numbers   2␣467␣989,5 · −1␣500 (minus sign U+2212)
//	money     2␣467␣989␣kr · 1␣500␣€ · 100␣000␣DKK
//	percent   42␣%
//	slugs     å, ä → a; ö → o; æ → ae; ø → o
//
// Danish (da):
//
//	dates     short 03.02.2021 · medium 3. feb. 2021 · long 3. februar 2021
//	          full onsdag den 3. februar 2021 · datetime 3. februar 2021 kl. 15.34
//	time      15.34
//	ranges    3.–14. november 2024 · 3. oktober – 14. november 2024
//	          18. februar 2021 kl. 12.00–13.00 · december 2017 – november 2019
//	names     lowercase months and days; MonthShort "feb.", DayShort "ons."
//	numbers   2.467.989,5 · -1.500
//	money     100.000␣kr. · 2.467.989␣SEK · 1.500␣€
//	percent   42␣%
//	slugs     æ → ae; ø → oe; å → aa
//
// Norwegian bokmål (nb; "no" is read as nb): as Danish, except
//
//	dates     full onsdag 3. februar 2021 · datetime 3. februar 2021 kl. 15:34
//	time      15:34
//	names     mai, desember; DayShort "tir.", "tor."
//	numbers   2␣467␣989,5 · −1␣500
//	money     100␣000␣kr (NOK) · 2␣467␣989␣SEK
//
// German (de):
//
//	dates     short 03.02.2021 · medium 3. Feb. 2021 · long 3. Februar 2021
//	          full Mittwoch, 3. Februar 2021 · datetime 3. Februar 2021 um 15:34
//	time      15:34
//	ranges    3.–14. November 2024 · 18. Februar 2021, 12:00–13:00
//	numbers   2.467.989,5 · -1.500
//	money     1.500␣€ · 2.467.989␣SEK
//	percent   42␣%
//	slugs     ä → ae; ö → oe; ü → ue; ß → ss
//
// Finnish (fi):
//
//	dates     short and medium 3.2.2021 · long 3. helmikuuta 2021
//	          full keskiviikko 3. helmikuuta 2021 · datetime 3. helmikuuta 2021 klo 15.34
//	time      15.34 (9.05: the hour is not padded)
//	names     MonthName "helmikuu"; after a day number the month is inflected
//	          ("3. helmikuuta"); month ranges use MonthName: joulukuu 2017 – marraskuu 2019
//	numbers   2␣467␣989,5 · −1␣500
//	money     1␣500␣€ · 2␣467␣989␣SEK
//	percent   42␣%
//	slugs     ä, å → a; ö → o
//
// English (en, and every language without a table of its own), written
// the British way, day before month and with a 24-hour clock:
//
//	dates     short 03/02/2021 · medium 3 Feb 2021 · long 3 February 2021
//	          full Wednesday, 3 February 2021 · datetime 3 February 2021 at 15:34
//	time      15:34
//	ranges    3–14 November 2024 · 3 October – 14 November 2024
//	          18 February 2021, 12:00–13:00 · December 2017 – November 2019
//	numbers   2,467,989.5 · -1,500
//	money     SEK␣2,467,989 · €1,500 · £1,500 · US$1,500 · DKK␣100,000
//	percent   42%
//	slugs     accents dropped: é → e, ü → u
//
// In every language:
//
//   - The "iso" date style is RFC 3339 (2021-02-03T15:34:34+01:00), for
//     machines: datetime attributes, feeds, sitemaps.
//   - A date style that is not a name is a Go time layout; January, Jan,
//     Monday and Mon in it become the locale's own names.
//   - Ranges use an en dash (–): without spaces between numbers
//     ("3–14", "12:00–13:00"), with spaces between longer parts.
//   - Numbers group every three digits from four digits up. With decimals
//     < 0 they show what is needed, at most two decimals. Money is whole
//     when it is whole to the cent, else it has two decimals.
//   - FormatPercent takes the percentage itself: 42 gives "42 %".
//   - Plural has the rule every language here shares: one for 1, other
//     for everything else.
//   - Slugs are lowercase ASCII letters and digits joined by single
//     dashes; apostrophes vanish, other symbols and spaces separate words.
package locale
