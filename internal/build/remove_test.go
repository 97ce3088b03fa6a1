package build

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// removeTree removes a tree of folders and files completely, and a
// missing tree is not an error.
func TestRemoveTree(t *testing.T) {
	root := filepath.Join(t.TempDir(), "old")
	for i := 0; i < 300; i++ {
		dir := filepath.Join(root, fmt.Sprintf("l%d", i%3), fmt.Sprintf("s%d", i%7), fmt.Sprintf("p%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(root, "sitemap.xml"), []byte("x"), 0o644)
	if err := removeTree(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("after removeTree, stat %s: %v; want it gone", root, err)
	}
	if err := removeTree(root); err != nil {
		t.Errorf("removing a missing tree: %v", err)
	}
}
