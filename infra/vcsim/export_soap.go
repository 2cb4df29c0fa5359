package main

// ExportVm for the simulator. Debian's govmomi 0.24.2 simulator has HttpNfcLease only for
// imports, and its SOAP dispatcher finds methods by reflection on the target object, so a method
// cannot be added to its VirtualMachine type from outside the package. Instead the HTTP layer
// re-addresses an ExportVm call on VirtualMachine:vm-N to a small object of ours registered as
// FerryVmExport:vm-N; the simulator then checks the session, calls our ExportVm and encodes the
// reply (lease reference or fault) exactly as for its own methods.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const exporterType = "FerryVmExport"

// vmExporter receives the re-addressed ExportVm calls of one VM.
type vmExporter struct {
	self    types.ManagedObjectReference
	exports *exportRegistry
}

func (e *vmExporter) Reference() types.ManagedObjectReference { return e.self }

// ExportVm starts an export lease of the VM named by req.This.Value (see the file comment).
func (e *vmExporter) ExportVm(ctx *simulator.Context, req *types.ExportVm) soap.HasFault {
	vmRef := types.ManagedObjectReference{Type: "VirtualMachine", Value: req.This.Value}
	lease, fault := e.exports.start(vmRef)
	if fault != nil {
		return &methods.ExportVmBody{Fault_: fault}
	}
	return &methods.ExportVmBody{Res: &types.ExportVmResponse{Returnval: lease}}
}

// soapExportRewriter wraps the simulator's /sdk endpoint.
func soapExportRewriter(next http.Handler, exports *exportRegistry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := soapCall(w, r, next)
		if !ok {
			return
		}
		if bytes.Contains(body, []byte("ExportVm")) {
			if method, err := simulator.UnmarshalBody(types.TypeFunc(), body); err == nil && method.Name == "ExportVm" && method.This.Type == "VirtualMachine" {
				exports.ensureExporter(method.This.Value)
				body = []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><ExportVm xmlns="urn:vim25"><_this type="%s">%s</_this></ExportVm></Body></Envelope>`, exporterType, xmlEscape(method.This.Value)))
			}
		}
		setBody(r, body)
		next.ServeHTTP(w, r)
	})
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
