package main

// ImportVApp for the simulator. Debian's govmomi 0.24.2 ResourcePool.ImportVApp returns a lease
// whose upload URLs throw away what is PUT. As for ExportVm (see export_soap.go), the HTTP layer
// re-addresses an ImportVApp call on ResourcePool:<id> to our FerryVAppImport:<id>, so the
// simulator still checks the session, decodes the spec and encodes the reply or fault. The same
// layer takes the uploads (import_upload.go) and lists the import leases for tests.

import (
	"bytes"
	"encoding/json"
	"io/ioutil"
	"net/http"
	"regexp"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const importerType = "FerryVAppImport"

// vAppImporter receives the re-addressed ImportVApp calls of one resource pool.
type vAppImporter struct {
	self    types.ManagedObjectReference
	imports *importRegistry
}

func (i *vAppImporter) Reference() types.ManagedObjectReference { return i.self }

// ImportVApp creates the VM of a VirtualMachineImportSpec and returns its import lease.
func (i *vAppImporter) ImportVApp(ctx *simulator.Context, req *types.ImportVApp) soap.HasFault {
	pool := types.ManagedObjectReference{Type: "ResourcePool", Value: req.This.Value}
	lease, fault := i.imports.start(ctx, pool, req)
	if fault != nil {
		return &methods.ImportVAppBody{Fault_: fault}
	}
	return &methods.ImportVAppBody{Res: &types.ImportVAppResponse{Returnval: lease}}
}

// thisElement is the `_this` argument of a SOAP call, with whatever namespace prefix the client used.
var thisElement = regexp.MustCompile(`<([\w.-]+:)?_this\b[^>]*>[^<]*</([\w.-]+:)?_this>`)

// importHTTP wraps the simulator's handlers: ImportVApp calls are re-addressed, PUT/POST under
// /nfc/ go to the import leases, GET /vcsim/nfc-import-leases lists them; the rest passes on.
func importHTTP(next http.Handler, x *importRegistry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/vcsim/nfc-import-leases":
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(x.views())
		case (r.Method == http.MethodPut || r.Method == http.MethodPost) && strings.HasPrefix(r.URL.Path, "/nfc/"):
			x.serveUpload(w, r)
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/sdk"):
			if !rewriteImportVApp(r, x) {
				http.Error(w, "cannot read request body", http.StatusBadRequest)
				return
			}
			next.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// rewriteImportVApp points an ImportVApp on a ResourcePool at our importer, keeping the rest of
// the body (spec, folder, host) byte for byte. False when the body cannot be read.
func rewriteImportVApp(r *http.Request, x *importRegistry) bool {
	body, err := ioutil.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return false
	}
	if bytes.Contains(body, []byte("ImportVApp")) {
		method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
		if err == nil && method.Name == "ImportVApp" && method.This.Type == "ResourcePool" {
			x.ensureImporter(method.This.Value)
			replaced := false
			body = thisElement.ReplaceAllFunc(body, func(m []byte) []byte {
				if replaced {
					return m
				}
				replaced = true
				sub := thisElement.FindSubmatch(m)
				return []byte("<" + string(sub[1]) + `_this type="` + importerType + `">` + xmlEscape(method.This.Value) + "</" + string(sub[2]) + "_this>")
			})
		}
	}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return true
}

// importLeaseView is one line of GET /vcsim/nfc-import-leases, a simulator-only view tests use to
// check what a client did with its import leases (vCenter shows the same as import tasks).
type importLeaseView struct {
	Lease    string   `json:"lease"`
	VM       string   `json:"vm"`
	State    string   `json:"state"`
	Progress int32    `json:"progress"`
	Error    string   `json:"error,omitempty"`
	URLs     []string `json:"urls"`
	Files    []string `json:"files"`
}

func (x *importRegistry) views() []importLeaseView {
	x.mu.Lock()
	leases := append([]*importLease(nil), x.leases...)
	x.mu.Unlock()
	views := []importLeaseView{}
	for _, l := range leases {
		simulator.Map.WithLock(l, func() {
			v := importLeaseView{Lease: l.Self.Value, VM: l.Info.Entity.Value, State: string(l.State), Progress: l.TransferProgress, URLs: []string{}, Files: []string{}}
			if l.Error != nil {
				v.Error = l.Error.LocalizedMessage
			}
			for _, d := range l.Info.DeviceUrl {
				v.URLs = append(v.URLs, d.Url)
			}
			for _, d := range l.disks {
				v.Files = append(v.Files, d.path)
			}
			views = append(views, v)
		})
	}
	return views
}
