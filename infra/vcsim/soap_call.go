package main

import (
	"bytes"
	"io/ioutil"
	"net/http"
	"strings"
)

// soapCall is what the /sdk layers share: for a SOAP call (a POST to /sdk) it reads the body and
// puts it back for the handlers after the layer (setBody replaces it). For any other request it
// hands the request on (ok false, nothing read); a body that cannot be read is answered 400.
func soapCall(w http.ResponseWriter, r *http.Request, next http.Handler) (body []byte, ok bool) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/sdk") {
		next.ServeHTTP(w, r)
		return nil, false
	}
	body, err := ioutil.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return nil, false
	}
	setBody(r, body)
	return body, true
}

// setBody makes `body` the request's body for the next handler.
func setBody(r *http.Request, body []byte) {
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
}
