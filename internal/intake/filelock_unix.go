//go:build unix

package intake

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes the store's lock file without waiting. owner is false
// when another process (a running intake) holds it; the lock goes with
// the process, also when it is killed.
func lockDir(path string) (f *os.File, owner bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return f, true, nil
}
