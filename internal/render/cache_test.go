package render

import "testing"

// Different partialCached keys never share a cache entry.
func TestKeyStringDistinct(t *testing.T) {
	keys := [][]any{{"a"}, {"a", "b"}, {"a", ""}, {1}, {"1"}, {"a\x00"}, {"sa\x00"}, {"int:1\x00"}, {int64(1)}, {"/sv/x/", "sv"}, {"/sv/x/sv"}}
	seen := map[string][]any{}
	for _, k := range keys {
		s := keyString(k)
		if prev, ok := seen[s]; ok {
			t.Errorf("keys %q and %q both give %q", prev, k, s)
		}
		seen[s] = k
	}
}
