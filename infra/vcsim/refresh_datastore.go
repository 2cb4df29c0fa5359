package main

// RefreshDatastore for the simulator. Debian's govmomi 0.24.2 simulator re-reads the datastore
// folder's file system figures (statfs) on RefreshDatastore, but answers with an empty SOAP body
// where vCenter sends <RefreshDatastoreResponse/>, which a client takes for a broken endpoint. This
// handler runs the simulator's own refresh under its lock and answers as vCenter does (or with the
// simulator's fault).

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func refreshDatastoreHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := soapCall(w, r, next)
		if !ok {
			return
		}
		if !bytes.Contains(body, []byte("RefreshDatastore")) {
			next.ServeHTTP(w, r)
			return
		}
		method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
		if err != nil || method.Name != "RefreshDatastore" {
			next.ServeHTTP(w, r)
			return
		}
		// The simulator checks the session and runs the refresh; only its empty success body is replaced.
		recorded := httptest.NewRecorder()
		next.ServeHTTP(recorded, r)
		reply := recorded.Body.Bytes()
		for key, values := range recorded.Header() {
			w.Header()[key] = values
		}
		if recorded.Code == http.StatusOK && !bytes.Contains(reply, []byte("Fault")) && !bytes.Contains(reply, []byte("RefreshDatastoreResponse")) {
			reply = []byte(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RefreshDatastoreResponse xmlns="urn:vim25"></RefreshDatastoreResponse></soapenv:Body></soapenv:Envelope>`)
			w.Header().Set("Content-Length", fmt.Sprint(len(reply)))
		}
		w.WriteHeader(recorded.Code)
		_, _ = w.Write(reply)
	})
}
