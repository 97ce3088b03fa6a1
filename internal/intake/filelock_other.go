//go:build !unix

package intake

import "os"

// lockDir without flock: every opener cleans .tmp, so run moderation
// verbs while the intake is stopped.
func lockDir(path string) (*os.File, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	return f, err == nil, err
}
