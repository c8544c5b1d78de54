// Package recorder wraps an http.ResponseWriter to remember what was
// answered: the status and the size of the body. The request log
// (internal/web) and the request metrics (internal/metrics) both read it;
// it imports nothing of the application, so that either may.
package recorder

import "net/http"

// Writer passes everything on to ResponseWriter and notes the status and
// the bytes written.
type Writer struct {
	http.ResponseWriter
	Status int // 0 while nothing has been written
	Bytes  int
}

// WriteHeader notes the first status written.
func (w *Writer) WriteHeader(s int) {
	if w.Status == 0 {
		w.Status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

// Write notes 200 when the body comes first, as net/http answers it.
func (w *Writer) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.Bytes += n
	return n, err
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *Writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
