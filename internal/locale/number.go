package locale

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// FormatNumber writes x with the locale's thousands separator, decimal
// mark and minus sign: sv "2 467 989" and "1 234,5" (no-break spaces,
// minus sign U+2212), da "100.000" and "1.234,5", en "1,234.5". Every
// number of four digits or more is grouped. decimals >= 0 gives exactly
// that many decimals; decimals < 0 gives as many as needed, at most 2,
// without trailing zeros. A value that rounds to zero has no sign.
func (l Locale) FormatNumber(x float64, decimals int) string {
	var buf [48]byte
	return string(l.conv().appendNumber(buf[:0], x, decimals))
}

// FormatMoney writes an amount with its currency (an ISO 4217 code) the
// way the language does. Whole amounts have no decimals, others two.
//
//	     SEK                   DKK                  EUR
//	sv   2 467 989 kr          100 000 DKK          1 500 €
//	da   2.467.989 SEK         100.000 kr.          1.500 €
//	en   SEK 2,467,989         DKK 100,000          €1,500
//
// The space between amount and unit is a no-break space. The language's
// own currency is "kr" (sv, nb) or "kr." (da); the euro is "€" everywhere;
// English also writes "£" and "US$"; any other currency is its code. An
// empty currency gives the amount alone.
func (l Locale) FormatMoney(amount float64, currency string) string {
	c := l.conv()
	decimals := 0
	if math.Round(amount*100) != math.Round(amount)*100 {
		decimals = 2 // not whole once rounded to cents
	}
	var buf [64]byte
	num := c.appendNumber(buf[:0], math.Abs(amount), decimals)
	neg := amount < 0 && !isZero(num)
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		if neg {
			return c.minus + string(num)
		}
		return string(num)
	}
	unit, symbol := c.money.symbols[currency]
	if !symbol {
		unit = currency
	}
	var b strings.Builder
	b.Grow(len(num) + len(unit) + 8)
	if neg {
		b.WriteString(c.minus)
	}
	if c.money.prefix {
		b.WriteString(unit)
		if !symbol {
			b.WriteString(nbsp)
		}
		b.Write(num)
	} else {
		b.Write(num)
		b.WriteString(nbsp)
		b.WriteString(unit)
	}
	return b.String()
}

// FormatPercent writes x, a percentage (42 for 42 %, not 0.42), with the
// locale's percent sign: sv, da, nb, de, fi "42 %" (no-break space),
// en "42%". decimals is as for FormatNumber.
func (l Locale) FormatPercent(x float64, decimals int) string {
	c := l.conv()
	var buf [48]byte
	b := c.appendNumber(buf[:0], x, decimals)
	b = append(b, c.percent...)
	return string(b)
}

// Plural returns one when n is 1 or -1 and other otherwise, with "%d" in
// the chosen text replaced by n as FormatNumber writes it:
// Plural(3, "1 sida", "%d sidor") is "3 sidor". This is the plural rule
// of every language with a table here (sv, da, nb, de, fi, en).
func (l Locale) Plural(n int, one, other string) string {
	s := other
	if n == 1 || n == -1 {
		s = one
	}
	if !strings.Contains(s, "%d") {
		return s
	}
	return strings.ReplaceAll(s, "%d", l.FormatNumber(float64(n), 0))
}

// appendNumber appends x in the locale's convention; see FormatNumber.
func (c *conventions) appendNumber(b []byte, x float64, decimals int) []byte {
	switch {
	case math.IsNaN(x):
		return append(b, "NaN"...)
	case math.IsInf(x, 1):
		return append(b, "∞"...)
	case math.IsInf(x, -1):
		return append(append(b, c.minus...), "∞"...)
	}
	prec := decimals
	if decimals < 0 {
		prec = 2
	}
	var tmp [40]byte
	digits := strconv.AppendFloat(tmp[:0], math.Abs(x), 'f', prec, 64)
	if decimals < 0 && prec > 0 {
		digits = trimFraction(digits)
	}
	intPart, frac := digits, []byte(nil)
	if i := bytes.IndexByte(digits, '.'); i >= 0 {
		intPart, frac = digits[:i], digits[i+1:]
	}
	if x < 0 && !isZero(digits) {
		b = append(b, c.minus...)
	}
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b = append(b, c.group...)
		}
		b = append(b, d)
	}
	if len(frac) > 0 {
		b = append(b, c.decimal...)
		b = append(b, frac...)
	}
	return b
}

// trimFraction drops trailing zeros after the decimal point, and the
// point itself if nothing is left after it.
func trimFraction(d []byte) []byte {
	if bytes.IndexByte(d, '.') < 0 {
		return d
	}
	for d[len(d)-1] == '0' {
		d = d[:len(d)-1]
	}
	if d[len(d)-1] == '.' {
		d = d[:len(d)-1]
	}
	return d
}

// isZero reports whether formatted digits are all zero.
func isZero(d []byte) bool {
	for _, c := range d {
		if c >= '1' && c <= '9' {
			return false
		}
	}
	return true
}

// Number is the one conversion of a decoded front-matter, data or
// template value to a number, used wherever deltag reads one (weight:,
// money and number fields, template arithmetic): integers and floats of
// any Go type, and strings that are a plain decimal number after trimming
// space ("20000", " 1.5 "). Anything else — "20 000", "1,5", true, a date
// — is not a number, and the caller reports it.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint:
		return float64(x), true
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return 0, false
}
