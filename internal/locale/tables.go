package locale

// conventions is everything one language writes its own way. The tables
// are read-only after package initialisation, so a Locale can be used from
// any number of goroutines.
type conventions struct {
	months      [12]string // standalone: "februari"; MonthName
	monthsDate  [12]string // after a day number, if the language inflects it (fi "helmikuuta"); else empty
	monthsShort [12]string // standalone abbreviation; MonthShort
	monthsAbbr  [12]string // abbreviation in a medium date: sv "feb.", "mars"
	days        [7]string  // Sunday first, like time.Weekday
	daysShort   [7]string

	dayDot       string // after a day number: da "3." ; sv "3"
	short        string // Go layout of the "short" style
	mediumLayout string // Go layout of the "medium" style, if numeric; else day, monthsAbbr, year
	fullSep      string // between weekday and date in the "full" style: da " den "
	hourPad      bool   // 09:05 rather than 9.05
	timeSep      byte   // between hour and minute
	dateTimeSep  string // "datetime" style: " kl. "
	rangeTimeSep string // a same-day range: "18 februari 2021 kl. 12:00–13:00"

	group   string // thousands separator
	decimal string // decimal mark
	minus   string

	percent string // after the number: "\u00a0%"

	money moneyStyle

	// translit gives a lowercase letter's own spelling in a URL slug
	// (da 'å' → "aa"), or "" to use the common rules.
	translit func(r rune) string
}

// moneyStyle places a currency with an amount.
type moneyStyle struct {
	symbols map[string]string // ISO 4217 code → unit the reader expects
	prefix  bool              // unit before the amount (en)
}

const nbsp = "\u00a0"

var sv = conventions{
	months:      [12]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
	monthsShort: [12]string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	monthsAbbr:  [12]string{"jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."},
	days:        [7]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
	daysShort:   [7]string{"sön", "mån", "tis", "ons", "tors", "fre", "lör"},

	short:        "2006-01-02",
	fullSep:      " ",
	hourPad:      true,
	timeSep:      ':',
	dateTimeSep:  " kl. ",
	rangeTimeSep: " kl. ",

	group:   nbsp,
	decimal: ",",
	minus:   "\u2212",
	percent: nbsp + "%",
	money:   moneyStyle{symbols: map[string]string{"SEK": "kr", "EUR": "€"}},
}

var da = conventions{
	months:      [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
	monthsShort: [12]string{"jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."},
	monthsAbbr:  [12]string{"jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."},
	days:        [7]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	daysShort:   [7]string{"søn.", "man.", "tirs.", "ons.", "tors.", "fre.", "lør."},

	dayDot:       ".",
	short:        "02.01.2006",
	fullSep:      " den ",
	hourPad:      true,
	timeSep:      '.',
	dateTimeSep:  " kl. ",
	rangeTimeSep: " kl. ",

	group:    ".",
	decimal:  ",",
	minus:    "-",
	percent:  nbsp + "%",
	money:    moneyStyle{symbols: map[string]string{"DKK": "kr.", "EUR": "€"}},
	translit: translitDaNb,
}

var nb = conventions{
	months:      [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	monthsShort: [12]string{"jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."},
	monthsAbbr:  [12]string{"jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."},
	days:        [7]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	daysShort:   [7]string{"søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."},

	dayDot:       ".",
	short:        "02.01.2006",
	fullSep:      " ",
	hourPad:      true,
	timeSep:      ':',
	dateTimeSep:  " kl. ",
	rangeTimeSep: " kl. ",

	group:    nbsp,
	decimal:  ",",
	minus:    "\u2212",
	percent:  nbsp + "%",
	money:    moneyStyle{symbols: map[string]string{"NOK": "kr", "EUR": "€"}},
	translit: translitDaNb,
}

var de = conventions{
	months:      [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	monthsShort: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	monthsAbbr:  [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	days:        [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
	daysShort:   [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},

	dayDot:       ".",
	short:        "02.01.2006",
	fullSep:      ", ",
	hourPad:      true,
	timeSep:      ':',
	dateTimeSep:  " um ",
	rangeTimeSep: ", ",

	group:    ".",
	decimal:  ",",
	minus:    "-",
	percent:  nbsp + "%",
	money:    moneyStyle{symbols: map[string]string{"EUR": "€"}},
	translit: translitDe,
}

var fi = conventions{
	months:      [12]string{"tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"},
	monthsDate:  [12]string{"tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"},
	monthsShort: [12]string{"tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu"},
	days:        [7]string{"sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"},
	daysShort:   [7]string{"su", "ma", "ti", "ke", "to", "pe", "la"},

	dayDot:       ".",
	short:        "2.1.2006",
	mediumLayout: "2.1.2006",
	fullSep:      " ",
	hourPad:      false,
	timeSep:      '.',
	dateTimeSep:  " klo ",
	rangeTimeSep: " klo ",

	group:   nbsp,
	decimal: ",",
	minus:   "\u2212",
	percent: nbsp + "%",
	money:   moneyStyle{symbols: map[string]string{"EUR": "€"}},
}

// en is British English: day before month, 24-hour clock. It is also the
// convention for every language without a table of its own.
var en = conventions{
	months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	monthsAbbr:  [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	days:        [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	daysShort:   [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},

	short:        "02/01/2006",
	fullSep:      ", ",
	hourPad:      true,
	timeSep:      ':',
	dateTimeSep:  " at ",
	rangeTimeSep: ", ",

	group:   ",",
	decimal: ".",
	minus:   "-",
	percent: "%",
	money:   moneyStyle{symbols: map[string]string{"EUR": "€", "GBP": "£", "USD": "US$"}, prefix: true},
}

// conventionsFor returns the table for a lowercase language subtag.
func conventionsFor(lang string) *conventions {
	switch lang {
	case "sv":
		return &sv
	case "da":
		return &da
	case "nb", "no":
		return &nb
	case "de":
		return &de
	case "fi":
		return &fi
	}
	return &en
}

func translitDaNb(r rune) string {
	switch r {
	case 'æ':
		return "ae"
	case 'ø':
		return "oe"
	case 'å':
		return "aa"
	}
	return ""
}

func translitDe(r rune) string {
	switch r {
	case 'ä':
		return "ae"
	case 'ö':
		return "oe"
	case 'ü':
		return "ue"
	}
	return ""
}
