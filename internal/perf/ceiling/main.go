// Command ceiling is the reference of the load benchmark: a minimal net/http
// server answering every request with one fixed JSON body, about the size of
// a public institution lookup. What it reaches on this machine, in the same
// run as EvalCred, is the ceiling of the Go HTTP stack over loopback; the
// benchmark reports EvalCred's throughput as a ratio to it. It is test
// tooling, built and started by internal/perf, never shipped.
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"
)

// body imitates a lookup answer: names, codes, a status and an empty list.
const body = `{"id":12345,"name":"湖南天平会计师事务所有限公司","uscc":"91430102MA4L0XXXX1","type":"accounting_firm",` +
	`"region_code":"430102","region_name":"湖南省长沙市芙蓉区","status":"active","filing_approved":true,"restrictions":[],"records":[]}`

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	b := []byte(body)
	n := strconv.Itoa(len(b))
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", n)
		_, _ = w.Write(b)
	})
	log.Fatal(http.ListenAndServe(*addr, h))
}
