package participation

import (
	"testing"
	"time"
)

func TestSessionSpan(t *testing.T) {
	zone, _ := time.LoadLocation("Europe/Copenhagen")
	day := time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		time       string
		start, end string
		timed      bool
	}{
		{"15:30–17:30", "2027-03-04T15:30:00+01:00", "2027-03-04T17:30:00+01:00", true},
		{"15.30-17.30", "2027-03-04T15:30:00+01:00", "2027-03-04T17:30:00+01:00", true},
		{"9:00", "2027-03-04T09:00:00+01:00", "", true},
		{"eftermiddag", "2027-03-04T00:00:00+01:00", "", false},
	} {
		s, e, timed, ok := Session{Date: day, Time: tc.time}.Span(zone)
		end := ""
		if !e.IsZero() {
			end = e.Format(time.RFC3339)
		}
		if !ok || timed != tc.timed || s.Format(time.RFC3339) != tc.start || end != tc.end {
			t.Errorf("%q: %v–%v timed %v ok %v, want %s–%s timed %v", tc.time, s, e, timed, ok, tc.start, tc.end, tc.timed)
		}
	}
	if _, _, _, ok := (Session{Time: "15:30"}).Span(zone); ok {
		t.Error("a session without a date has a span")
	}
}

func TestPostalAddress(t *testing.T) {
	for addr, want := range map[string]map[string]any{
		"Rådhusgade 3, 8300 Odder":        {"streetAddress": "Rådhusgade 3", "postalCode": "8300", "addressLocality": "Odder", "addressCountry": "DK"},
		"Storgatan 1, 411 38 Göteborg":    {"streetAddress": "Storgatan 1", "postalCode": "411 38", "addressLocality": "Göteborg", "addressCountry": "SE"},
		"41138 Göteborg":                  {"postalCode": "411 38", "addressLocality": "Göteborg", "addressCountry": "SE"},
		"Medborgarhuset vid torget, Lund": {"streetAddress": "Medborgarhuset vid torget, Lund"},
	} {
		got := postalAddress(addr)
		delete(got, "@type")
		if len(got) != len(want) {
			t.Errorf("%q: %v, want %v", addr, got, want)
			continue
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q: %s = %v, want %v", addr, k, got[k], v)
			}
		}
	}
}
