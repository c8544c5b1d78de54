package app_test

import (
	"io"
	"net/http"
	"os"
	"strings"
)

type result struct {
	status int
	body   string
}

func httpPost(url, token, body string) (result, error) { return httpDo("POST", url, token, body) }

func httpDo(method, url, token, body string) (result, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return result{}, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{}, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return result{res.StatusCode, string(b)}, nil
}

func writeFile(p string) error { return os.WriteFile(p, []byte("x"), 0o600) }
