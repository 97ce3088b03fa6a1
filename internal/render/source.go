package render

import (
	"bytes"
	"io"
	"io/fs"
	"sync"
)

// sources are the buffers content files are read into: parse and render
// read every file once each, and a buffer per read was a tenth of a
// build's allocations.
var sources = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ReadSource reads a content file into a pooled buffer and returns its
// bytes and a function that gives the buffer back. The bytes are valid
// until done is called, so whoever reads them (page.Parse, the Markdown
// converter) must not keep a slice of them.
func ReadSource(fsys fs.FS, name string) (data []byte, done func(), err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	buf := sources.Get().(*bytes.Buffer)
	buf.Reset()
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() < 1<<30 {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(f.(io.Reader)); err != nil {
		sources.Put(buf)
		return nil, nil, err
	}
	return buf.Bytes(), func() { sources.Put(buf) }, nil
}
