package config

import (
	"reflect"
	"strings"
)

// Suggest returns the word of known closest to word when it is close
// enough to be a typo ("titel" → "title", "langauges" → "languages"), or
// "". Case is ignored; a distance of at most 1, or 2 for words of five
// letters or more (a swap of two letters counts once), is close enough.
func Suggest(word string, known []string) string {
	w := strings.ToLower(word)
	best, bestD := "", 3
	for _, k := range known {
		lk := strings.ToLower(k)
		if lk == w {
			return ""
		}
		limit := 1
		if len([]rune(lk)) >= 5 {
			limit = 2
		}
		if d := distance(w, lk); d <= limit && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		return 99
	}
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// knownKeys returns the YAML keys of the struct type named name (as
// yaml.v3 names it in "not found in type config.Language"), searched
// from Config through its fields.
func knownKeys(typeName string) []string {
	var found []string
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] || found != nil {
			return
		}
		seen[t] = true
		var keys []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "-" || !f.IsExported() {
				continue
			}
			if tag == "" {
				tag = strings.ToLower(f.Name)
			}
			keys = append(keys, tag)
		}
		if t.String() == typeName {
			found = keys
			return
		}
		for i := 0; i < t.NumField(); i++ {
			visit(t.Field(i).Type)
		}
	}
	visit(reflect.TypeOf(Config{}))
	return found
}
