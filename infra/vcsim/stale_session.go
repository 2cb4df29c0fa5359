// After a restart (-state-dir) the simulator knows none of the session cookies its clients still
// hold. A real vCenter answers such a call with NotAuthenticated, which clients take as "log in
// again"; the simulator instead runs the few calls it allows without a session (RetrieveProperties,
// for one) against objects it cannot find. This layer answers NotAuthenticated, as vCenter does, to
// any SOAP call but a login that carries a session cookie this process never handed out.
package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// sessionLedger remembers the session cookies this process handed out.
type sessionLedger struct {
	mu     sync.Mutex
	issued map[string]bool
}

func (l *sessionLedger) remember(header http.Header) {
	for _, line := range header.Values("Set-Cookie") {
		pair := strings.SplitN(strings.SplitN(line, ";", 2)[0], "=", 2)
		if len(pair) == 2 && strings.TrimSpace(pair[0]) == soap.SessionCookieName {
			l.mu.Lock()
			l.issued[strings.Trim(strings.TrimSpace(pair[1]), `"`)] = true
			l.mu.Unlock()
		}
	}
}

func (l *sessionLedger) known(value string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.issued[value]
}

// cookieRecorder notes the session cookie a response sets, before its header goes out.
type cookieRecorder struct {
	http.ResponseWriter
	ledger *sessionLedger
	done   bool
}

func (w *cookieRecorder) WriteHeader(code int) {
	if !w.done {
		w.done = true
		w.ledger.remember(w.Header())
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *cookieRecorder) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

var loginMethods = map[string]bool{"Login": true, "LoginByToken": true, "LoginExtensionByCertificate": true, "RetrieveServiceContent": true, "CloneSession": true}

func staleSessionHTTP(next http.Handler) http.Handler {
	ledger := &sessionLedger{issued: map[string]bool{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		recorded := &cookieRecorder{ResponseWriter: w, ledger: ledger}
		cookie, err := r.Cookie(soap.SessionCookieName)
		if err != nil || ledger.known(cookie.Value) {
			next.ServeHTTP(recorded, r)
			return
		}
		body, ok := soapCall(recorded, r, next)
		if !ok {
			return
		}
		method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
		if err != nil || loginMethods[method.Name] {
			next.ServeHTTP(recorded, r)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>The session is not authenticated.</faultstring><detail><NotAuthenticatedFault xmlns="urn:vim25" xsi:type="NotAuthenticated"><object type="%s">%s</object><privilegeId>System.View</privilegeId></NotAuthenticatedFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
			method.This.Type, method.This.Value)
	})
}
