package jekyll

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateRE matches the timestamps Jekyll sites write: a date, optionally a
// time (T or spaces between), fractional seconds and a zone (Z, ±hh,
// ±hhmm, ±hh:mm), the forms YAML and Ruby's Time.parse accept.
var dateRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})` +
	`(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?` +
	`(?:\s*(Z|z|UTC|[+-]\d{1,2}(?::?\d{2})?))?)?$`)

// jekyllDate is a front-matter date as Jekyll understood it.
type jekyllDate struct {
	Time time.Time
	// Zoned is true when the value named its offset; the normalised
	// value then keeps that offset. Otherwise it is given in the site's
	// time zone.
	Zoned bool
}

// RFC3339 is the normalised form written to deltag front matter.
func (d jekyllDate) RFC3339() string { return d.Time.Format(time.RFC3339Nano) }

// parseDate reads a front-matter date the way Jekyll 4 does.
//
// Jekyll loads front matter with SafeYAML: an unquoted YAML timestamp
// (with seconds: 2025-03-12 18:00:00) without a zone is taken as UTC,
// one with a zone keeps it, a bare date is midnight. Anything else — a
// quoted value, a time without seconds (2025-03-12 18:00) — is a string
// that Jekyll hands to Ruby's Time.parse, which reads a missing zone as
// local time: the site's `timezone`. Either way the instant is what
// Jekyll used for URLs; a value without a zone is written in the site's
// time zone.
func parseDate(value string, quoted bool, loc *time.Location) (jekyllDate, error) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(value))
	if m == nil {
		return jekyllDate{}, fmt.Errorf("%q is not a date Jekyll and deltag both read", value)
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(s)
		return n
	}
	year, month, day := num(m[1]), num(m[2]), num(m[3])
	hour, min, sec := num(m[4]), num(m[5]), num(m[6])
	nsec := 0
	if m[7] != "" {
		frac := (m[7] + "000000000")[:9]
		nsec = num(frac)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60 {
		return jekyllDate{}, fmt.Errorf("%q is out of range", value)
	}
	zone := m[8]
	switch {
	case zone == "Z" || zone == "z" || zone == "UTC":
		return jekyllDate{Time: time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC), Zoned: true}, nil
	case zone != "":
		off, err := parseOffset(zone)
		if err != nil {
			return jekyllDate{}, fmt.Errorf("%q: %v", value, err)
		}
		fixed := time.FixedZone("", off)
		return jekyllDate{Time: time.Date(year, time.Month(month), day, hour, min, sec, nsec, fixed), Zoned: true}, nil
	case m[4] == "" || m[6] == "" || quoted:
		// A bare date, a time without seconds (not a YAML timestamp, so
		// a string to Jekyll), or a quoted string: local time.
		return jekyllDate{Time: time.Date(year, time.Month(month), day, hour, min, sec, nsec, loc)}, nil
	default:
		// Unquoted without zone: SafeYAML reads UTC.
		t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
		return jekyllDate{Time: t.In(loc)}, nil
	}
}

// parseOffset reads ±hh, ±hhmm and ±hh:mm.
func parseOffset(z string) (int, error) {
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = strings.ReplaceAll(z[1:], ":", "")
	var h, mm int
	switch len(z) {
	case 1, 2:
		h, _ = strconv.Atoi(z)
	case 3, 4:
		h, _ = strconv.Atoi(z[:len(z)-2])
		mm, _ = strconv.Atoi(z[len(z)-2:])
	default:
		return 0, fmt.Errorf("bad zone offset %q", z)
	}
	if h > 14 || mm > 59 {
		return 0, fmt.Errorf("bad zone offset %q", z)
	}
	return sign * (h*3600 + mm*60), nil
}

// fileDate is the date in a post's file name ("2021-02-03-x.md"): local
// midnight, as Jekyll's Utils.parse_date reads it.
func fileDate(name string, loc *time.Location) (time.Time, bool) {
	m := dateFileRE.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	parts := strings.Split(m[1], "-")
	y, _ := strconv.Atoi(parts[0])
	mo, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc), true
}
