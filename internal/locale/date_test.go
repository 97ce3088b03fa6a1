package locale

import (
	"sync"
	"testing"
	"time"
)

var cet = time.FixedZone("CET", 3600)

func day(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, cet)
}

func TestFor(t *testing.T) {
	tests := []struct {
		code, lang, month string
	}{
		{"sv", "sv", "februari"},
		{"sv-SE", "sv", "februari"},
		{"da_DK", "da", "februar"},
		{"DA", "da", "februar"},
		{"nb-NO", "nb", "februar"},
		{"no", "no", "februar"},
		{"de-AT", "de", "Februar"},
		{"fi", "fi", "helmikuu"},
		{"en-GB", "en", "February"},
		{"pt-BR", "pt", "February"}, // unknown: English, code kept
		{"", "", "February"},
	}
	for _, tt := range tests {
		l := For(tt.code)
		if got := l.Lang(); got != tt.lang {
			t.Errorf("For(%q).Lang() = %q, want %q", tt.code, got, tt.lang)
		}
		if got := l.MonthName(time.February); got != tt.month {
			t.Errorf("For(%q).MonthName(February) = %q, want %q", tt.code, got, tt.month)
		}
	}
	var zero Locale
	if got := zero.FormatDate(day(2021, 2, 3, 0, 0), "long"); got != "3 February 2021" {
		t.Errorf("zero Locale long date = %q, want English", got)
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		lang                                 string
		month, monthShort, dayName, dayShort string
	}{
		{"sv", "februari", "feb", "onsdag", "ons"},
		{"da", "februar", "feb.", "onsdag", "ons."},
		{"nb", "februar", "feb.", "onsdag", "ons."},
		{"de", "Februar", "Feb.", "Mittwoch", "Mi."},
		{"fi", "helmikuu", "helmi", "keskiviikko", "ke"},
		{"en", "February", "Feb", "Wednesday", "Wed"},
	}
	for _, tt := range tests {
		l := For(tt.lang)
		got := [4]string{l.MonthName(time.February), l.MonthShort(time.February), l.DayName(time.Wednesday), l.DayShort(time.Wednesday)}
		want := [4]string{tt.month, tt.monthShort, tt.dayName, tt.dayShort}
		if got != want {
			t.Errorf("%s: names = %q, want %q", tt.lang, got, want)
		}
	}
	// Out-of-range values wrap rather than panic.
	if got := For("sv").MonthName(13); got != "januari" {
		t.Errorf("MonthName(13) = %q, want januari", got)
	}
}

func TestFormatDate(t *testing.T) {
	tm := time.Date(2021, 2, 3, 15, 34, 34, 0, cet)
	tests := []struct {
		lang, style, want string
	}{
		{"sv", "short", "2021-02-03"},
		{"sv", "medium", "3 feb. 2021"},
		{"sv", "long", "3 februari 2021"},
		{"sv", "", "3 februari 2021"},
		{"sv", "full", "onsdag 3 februari 2021"},
		{"sv", "time", "15:34"},
		{"sv", "datetime", "3 februari 2021 kl. 15:34"},
		{"sv", "iso", "2021-02-03T15:34:34+01:00"},
		{"sv", "Monday 2 January 2006, Mon Jan", "onsdag 3 februari 2021, ons feb"},

		{"da", "short", "03.02.2021"},
		{"da", "medium", "3. feb. 2021"},
		{"da", "long", "3. februar 2021"},
		{"da", "full", "onsdag den 3. februar 2021"},
		{"da", "time", "15.34"},
		{"da", "datetime", "3. februar 2021 kl. 15.34"},
		{"da", "iso", "2021-02-03T15:34:34+01:00"},
		{"da", "Mon 2. Jan", "ons. 3. feb."},

		{"nb", "full", "onsdag 3. februar 2021"},
		{"nb", "datetime", "3. februar 2021 kl. 15:34"},
		{"de", "medium", "3. Feb. 2021"},
		{"de", "full", "Mittwoch, 3. Februar 2021"},
		{"de", "datetime", "3. Februar 2021 um 15:34"},
		{"fi", "short", "3.2.2021"},
		{"fi", "medium", "3.2.2021"},
		{"fi", "full", "keskiviikko 3. helmikuuta 2021"},
		{"fi", "datetime", "3. helmikuuta 2021 klo 15.34"},
		{"fi", "January 2006", "helmikuu 2021"},         // standalone
		{"fi", "2. January 2006", "3. helmikuuta 2021"}, // after a day
		{"fi", "02 January", "03 helmikuuta"},
		{"en", "short", "03/02/2021"},
		{"en", "medium", "3 Feb 2021"},
		{"en", "full", "Wednesday, 3 February 2021"},
		{"en", "datetime", "3 February 2021 at 15:34"},

		// Go layouts: only real name tokens are replaced.
		{"sv", "Janet Monotone", "Janet Monotone"},
		{"sv", "3:04PM Mon", "3:34PM ons"},
		{"sv", "15:04 MST", "15:34 CET"},
		{"sv", "2006", "2021"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).FormatDate(tm, tt.style); got != tt.want {
			t.Errorf("For(%q).FormatDate(t, %q) = %q, want %q", tt.lang, tt.style, got, tt.want)
		}
	}
}

func TestFormatTimeMorning(t *testing.T) {
	tm := day(2021, 2, 3, 9, 5)
	for lang, want := range map[string]string{"sv": "09:05", "da": "09.05", "fi": "9.05", "en": "09:05"} {
		if got := For(lang).FormatDate(tm, "time"); got != want {
			t.Errorf("%s: time = %q, want %q", lang, got, want)
		}
	}
}

func TestFormatDateRange(t *testing.T) {
	tests := []struct {
		name       string
		lang       string
		start, end time.Time
		withTime   bool
		want       string
	}{
		{"same day with times", "sv", day(2021, 2, 18, 12, 0), day(2021, 2, 18, 13, 0), true, "18 februari 2021 kl. 12:00–13:00"},
		{"same day with times", "da", day(2021, 2, 18, 12, 0), day(2021, 2, 18, 13, 0), true, "18. februar 2021 kl. 12.00–13.00"},
		{"same day with times", "en", day(2021, 2, 18, 12, 0), day(2021, 2, 18, 13, 0), true, "18 February 2021, 12:00–13:00"},
		{"same day with times", "fi", day(2021, 2, 18, 9, 0), day(2021, 2, 18, 13, 0), true, "18. helmikuuta 2021 klo 9.00–13.00"},
		{"same moment", "sv", day(2021, 2, 18, 12, 0), day(2021, 2, 18, 12, 0), true, "18 februari 2021 kl. 12:00"},
		{"same day", "sv", day(2021, 2, 18, 12, 0), day(2021, 2, 18, 13, 0), false, "18 februari 2021"},
		{"same month", "sv", day(2024, 11, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3–14 november 2024"},
		{"same month", "da", day(2024, 11, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3.–14. november 2024"},
		{"same month", "de", day(2024, 11, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3.–14. November 2024"},
		{"same month", "fi", day(2024, 11, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3.–14. marraskuuta 2024"},
		{"same year", "sv", day(2024, 10, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3 oktober – 14 november 2024"},
		{"same year", "da", day(2024, 10, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3. oktober – 14. november 2024"},
		{"same year", "en", day(2024, 10, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3 October – 14 November 2024"},
		{"different years", "sv", day(2023, 10, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3 oktober 2023 – 14 november 2024"},
		{"different years", "da", day(2023, 10, 3, 0, 0), day(2024, 11, 14, 0, 0), false, "3. oktober 2023 – 14. november 2024"},
		{"days with times", "sv", day(2024, 11, 3, 10, 0), day(2024, 11, 14, 16, 0), true, "3 november 2024 kl. 10:00 – 14 november 2024 kl. 16:00"},
		{"days with times", "da", day(2024, 11, 3, 10, 0), day(2024, 11, 14, 16, 0), true, "3. november 2024 kl. 10.00 – 14. november 2024 kl. 16.00"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).FormatDateRange(tt.start, tt.end, tt.withTime); got != tt.want {
			t.Errorf("%s, %s: got %q, want %q", tt.name, tt.lang, got, tt.want)
		}
	}
}

func TestFormatMonthRange(t *testing.T) {
	tests := []struct {
		lang       string
		start, end time.Time
		want       string
	}{
		{"sv", day(2017, 12, 1, 0, 0), day(2019, 11, 30, 0, 0), "december 2017 – november 2019"},
		{"da", day(2017, 12, 1, 0, 0), day(2019, 11, 30, 0, 0), "december 2017 – november 2019"},
		{"de", day(2017, 12, 1, 0, 0), day(2019, 11, 30, 0, 0), "Dezember 2017 – November 2019"},
		{"fi", day(2017, 12, 1, 0, 0), day(2019, 11, 30, 0, 0), "joulukuu 2017 – marraskuu 2019"},
		{"sv", day(2024, 10, 1, 0, 0), day(2024, 11, 30, 0, 0), "oktober–november 2024"},
		{"sv", day(2024, 11, 1, 0, 0), day(2024, 11, 30, 0, 0), "november 2024"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).FormatMonthRange(tt.start, tt.end); got != tt.want {
			t.Errorf("%s: FormatMonthRange(%v, %v) = %q, want %q", tt.lang, tt.start, tt.end, got, tt.want)
		}
	}
}

// TestConcurrent runs under -race: locales share only read-only tables.
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := For([]string{"sv", "da"}[i%2])
			for j := 0; j < 100; j++ {
				l.FormatDate(day(2021, 2, 3, 15, 34), "datetime")
				l.FormatMoney(float64(j)*1000.5, "SEK")
				Slugify(l.Lang(), "Ærø – Åbenrå")
			}
		}()
	}
	wg.Wait()
}
