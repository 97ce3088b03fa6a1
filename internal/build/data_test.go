package build

import (
	"testing"
	"testing/fstest"
)

func TestDataNumericKeysBecomeStrings(t *testing.T) {
	fsys := fstest.MapFS{
		"data/years.yaml": {Data: []byte("2026:\n  total: 5\n  1: first\nlist:\n  - {3: x}\n")},
	}
	data, diags := readDataDir(fsys, "data")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	years, ok := data["years"].(map[string]any)
	if !ok {
		t.Fatalf("years is %T, want map[string]any", data["years"])
	}
	y, ok := years["2026"].(map[string]any)
	if !ok {
		t.Fatalf("years.2026 is %T, want map[string]any", years["2026"])
	}
	if y["1"] != "first" || y["total"] != 5 {
		t.Errorf("years.2026 = %v", y)
	}
	if m, ok := years["list"].([]any)[0].(map[string]any); !ok || m["3"] != "x" {
		t.Errorf("list[0] = %#v, want map[string]any{\"3\": \"x\"}", years["list"].([]any)[0])
	}
}
