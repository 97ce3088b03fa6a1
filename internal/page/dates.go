package page

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Layouts with an explicit offset, in the order tried.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04 Z07:00",
	"2006-01-02 15:04 Z0700",
}

// Layouts without an offset: read in the language's time zone.
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate reads a date in every form real sites use: RFC 3339 (with or
// without fractional seconds), "2021-02-03 15:34:34 +0100",
// "2024-05-01 00:00:00 Z", "2019-03-10 12:00:00" and "2019-03-10". A date
// without an offset is in loc. Surrounding quotes are ignored.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (use 2021-02-03, 2021-02-03 15:34 or 2021-02-03T15:34:00+01:00)", s)
}

var datePrefix = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)$`)

// SplitDatePrefix splits a "2021-02-03-slug" file name into its date and
// the rest. ok is false when there is no valid date prefix.
func SplitDatePrefix(name string, loc *time.Location) (date time.Time, rest string, ok bool) {
	m := datePrefix.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, name, false
	}
	t, err := time.ParseInLocation("2006-01-02", m[1], loc)
	if err != nil {
		return time.Time{}, name, false
	}
	return t, m[2], true
}
