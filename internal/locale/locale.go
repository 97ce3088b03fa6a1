package locale

import (
	"strconv"
	"strings"
	"time"
)

// Locale writes dates, numbers and money the way one language does. It is
// a small value: copy it freely. The zero Locale follows English
// conventions and has an empty Lang.
type Locale struct {
	lang string
	c    *conventions
}

// For returns the locale for a language code such as "sv" or "da". A BCP 47
// tag ("sv-SE", "da_DK") uses its language subtag; "no" is read as "nb".
// Unknown languages get English conventions but keep their code in Lang.
func For(code string) Locale {
	lang := strings.TrimSpace(code)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	lang = strings.ToLower(lang)
	return Locale{lang: lang, c: conventionsFor(lang)}
}

// Lang returns the lowercase language subtag the locale was made for.
func (l Locale) Lang() string { return l.lang }

func (l Locale) conv() *conventions {
	if l.c == nil {
		return &en
	}
	return l.c
}

// MonthName returns the month's name as written on its own: sv "februari",
// da "februar", de "Februar", fi "helmikuu".
func (l Locale) MonthName(m time.Month) string { return l.conv().months[monthIndex(m)] }

// MonthShort returns the month's short name as written on its own, for
// example on a calendar badge: sv "feb", da "feb.", en "Feb".
func (l Locale) MonthShort(m time.Month) string { return l.conv().monthsShort[monthIndex(m)] }

// DayName returns the weekday's name: sv "onsdag", de "Mittwoch".
func (l Locale) DayName(d time.Weekday) string { return l.conv().days[dayIndex(d)] }

// DayShort returns the weekday's short name: sv "ons", da "ons.", en "Wed".
func (l Locale) DayShort(d time.Weekday) string { return l.conv().daysShort[dayIndex(d)] }

func monthIndex(m time.Month) int { return (int(m) - 1 + 1200) % 12 }
func dayIndex(d time.Weekday) int { return (int(d) + 700) % 7 }

// FormatDate formats t, already in the reader's time zone, by a named
// style. For 2021-02-03 15:34:34 +01:00:
//
//	style     sv                               da
//	short     2021-02-03                       03.02.2021
//	medium    3 feb. 2021                      3. feb. 2021
//	long      3 februari 2021                  3. februar 2021
//	full      onsdag 3 februari 2021           onsdag den 3. februar 2021
//	time      15:34                            15.34
//	datetime  3 februari 2021 kl. 15:34        3. februar 2021 kl. 15.34
//	iso       2021-02-03T15:34:34+01:00        2021-02-03T15:34:34+01:00
//
// The empty style is "long". Any other style is a Go time layout in which
// January, Jan, Monday and Mon give the locale's MonthName, MonthShort,
// DayName and DayShort (in Finnish, a month name right after a day number
// is inflected: "3. helmikuuta").
func (l Locale) FormatDate(t time.Time, style string) string {
	c := l.conv()
	var buf [64]byte
	b := buf[:0]
	switch style {
	case "short":
		return t.Format(c.short)
	case "medium":
		if c.mediumLayout != "" {
			return t.Format(c.mediumLayout)
		}
		b = c.appendDay(b, t.Day())
		b = append(b, ' ')
		b = append(b, c.monthsAbbr[monthIndex(t.Month())]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(t.Year()), 10)
	case "", "long":
		b = c.appendLong(b, t)
	case "full":
		b = append(b, c.days[dayIndex(t.Weekday())]...)
		b = append(b, c.fullSep...)
		b = c.appendLong(b, t)
	case "time":
		b = c.appendTime(b, t)
	case "datetime":
		b = c.appendLong(b, t)
		b = append(b, c.dateTimeSep...)
		b = c.appendTime(b, t)
	case "iso":
		return t.Format(time.RFC3339)
	default:
		return c.formatLayout(t, style)
	}
	return string(b)
}

// FormatDateRange formats the period from start to end, leaving out what
// both ends share:
//
//	                      sv                                  da
//	same day, withTime    18 februari 2021 kl. 12:00–13:00    18. februar 2021 kl. 12.00–13.00
//	same day              18 februari 2021                    18. februar 2021
//	same month            3–14 november 2024                  3.–14. november 2024
//	same year             3 oktober – 14 november 2024        3. oktober – 14. november 2024
//	else                  3 oktober 2023 – 14 november 2024   3. oktober 2023 – 14. november 2024
//
// With withTime, a period over several days gives each end as "datetime":
// "3 november 2024 kl. 10:00 – 14 november 2024 kl. 16:00". Both times
// should be in the reader's time zone; an end before the start is written
// as given.
func (l Locale) FormatDateRange(start, end time.Time, withTime bool) string {
	c := l.conv()
	var buf [96]byte
	b := buf[:0]
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	switch {
	case sy == ey && sm == em && sd == ed:
		b = c.appendLong(b, start)
		if withTime {
			b = append(b, c.rangeTimeSep...)
			b = c.appendTime(b, start)
			if start.Hour() != end.Hour() || start.Minute() != end.Minute() {
				b = append(b, "–"...)
				b = c.appendTime(b, end)
			}
		}
	case withTime:
		b = c.appendLong(b, start)
		b = append(b, c.dateTimeSep...)
		b = c.appendTime(b, start)
		b = append(b, " – "...)
		b = c.appendLong(b, end)
		b = append(b, c.dateTimeSep...)
		b = c.appendTime(b, end)
	case sy == ey && sm == em:
		b = c.appendDay(b, sd)
		b = append(b, "–"...)
		b = c.appendLong(b, end)
	case sy == ey:
		b = c.appendDay(b, sd)
		b = append(b, ' ')
		b = append(b, c.monthInDate(sm)...)
		b = append(b, " – "...)
		b = c.appendLong(b, end)
	default:
		b = c.appendLong(b, start)
		b = append(b, " – "...)
		b = c.appendLong(b, end)
	}
	return string(b)
}

// FormatMonthRange formats a period of whole months, leaving out what both
// ends share: sv "december 2017 – november 2019", "oktober–november 2024",
// "november 2024"; de "Dezember 2017 – November 2019".
func (l Locale) FormatMonthRange(start, end time.Time) string {
	c := l.conv()
	var buf [64]byte
	b := buf[:0]
	sy, sm, _ := start.Date()
	ey, em, _ := end.Date()
	switch {
	case sy == ey && sm == em:
	case sy == ey:
		b = append(b, c.months[monthIndex(sm)]...)
		b = append(b, "–"...)
	default:
		b = append(b, c.months[monthIndex(sm)]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(sy), 10)
		b = append(b, " – "...)
	}
	b = append(b, c.months[monthIndex(em)]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(ey), 10)
	return string(b)
}

func (c *conventions) monthInDate(m time.Month) string {
	if s := c.monthsDate[monthIndex(m)]; s != "" {
		return s
	}
	return c.months[monthIndex(m)]
}

func (c *conventions) appendDay(b []byte, day int) []byte {
	b = strconv.AppendInt(b, int64(day), 10)
	return append(b, c.dayDot...)
}

// appendLong appends the "long" style: day, month, year.
func (c *conventions) appendLong(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = c.appendDay(b, d)
	b = append(b, ' ')
	b = append(b, c.monthInDate(m)...)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(y), 10)
}

func (c *conventions) appendTime(b []byte, t time.Time) []byte {
	h, m := t.Hour(), t.Minute()
	if c.hourPad && h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(h), 10)
	b = append(b, c.timeSep, byte('0'+m/10), byte('0'+m%10))
	return b
}

// formatLayout formats t by a Go layout with the locale's month and day
// names. It finds January, Jan, Monday and Mon by package time's own
// rules (so "Janet" and "PMonth" keep their letters), formats the layout
// between them with package time, and writes the names itself.
func (c *conventions) formatLayout(t time.Time, layout string) string {
	var b []byte
	last := 0 // start of the layout not yet formatted
	for i := 0; i < len(layout); {
		var name string
		n := 0
		rest := layout[i:]
		switch {
		case strings.HasPrefix(rest, "January"):
			name, n = c.months[monthIndex(t.Month())], 7
			if c.monthsDate[0] != "" && followsDay(layout[:i]) {
				name = c.monthsDate[monthIndex(t.Month())]
			}
		case strings.HasPrefix(rest, "Jan") && !startsWithLower(rest[3:]):
			name, n = c.monthsShort[monthIndex(t.Month())], 3
		case strings.HasPrefix(rest, "Monday"):
			name, n = c.days[dayIndex(t.Weekday())], 6
		case strings.HasPrefix(rest, "Mon") && !startsWithLower(rest[3:]):
			name, n = c.daysShort[dayIndex(t.Weekday())], 3
		case strings.HasPrefix(rest, "PM"):
			i += 2 // time reads "PM" first: the M starts no name
			continue
		default:
			i++
			continue
		}
		b = t.AppendFormat(b, layout[last:i])
		b = append(b, name...)
		i += n
		last = i
	}
	if last == 0 {
		return t.Format(layout)
	}
	b = t.AppendFormat(b, layout[last:])
	return string(b)
}

func startsWithLower(s string) bool { return s != "" && 'a' <= s[0] && s[0] <= 'z' }

// followsDay reports whether a layout prefix ends with a day of the month
// ("2", "02" or "_2"), maybe followed by a dot and spaces.
func followsDay(s string) bool {
	s = strings.TrimRight(s, ". ")
	if !strings.HasSuffix(s, "2") {
		return false
	}
	s = s[:len(s)-1]
	if strings.HasSuffix(s, "0") || strings.HasSuffix(s, "_") {
		s = s[:len(s)-1]
	}
	return s == "" || s[len(s)-1] < '0' || s[len(s)-1] > '9'
}
