// A vCenter that can be restarted with its identity (-state-dir): the same certificate, the same
// datastore folders and the same inventory (every managed entity with its morefs), as a real
// vCenter comes back after a service restart. What a restart loses is what a real one loses too:
// sessions, tasks in flight, NFC leases, guest-operation processes.
//
// On SIGTERM the launcher saves the inventory into <state-dir>/inventory — one XML file per
// entity, the ObjectContent of all its properties, the layout the simulator's Model.Load reads (the
// one govc object.save writes) — and keeps the datastore folders. The next start with the same
// -state-dir (and -data-dir, -listen) loads that inventory instead of creating the model's.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vim25/xml"
)

var stateDir = flag.String("state-dir", "", "keep the certificate and, on SIGTERM, the inventory and datastore folders here; a start with the same folder comes back as the same vCenter")

func inventoryDir() string { return filepath.Join(*stateDir, "inventory") }

// stateCert is the certificate to serve: the -cert/-key files when given; with -state-dir the one
// kept there (made and kept at the first start); otherwise a fresh self-signed one.
func stateCert(certFile, keyFile string) (tls.Certificate, error) {
	if *stateDir == "" || certFile != "" || keyFile != "" {
		return loadOrMakeCert(certFile, keyFile)
	}
	keptCert, keptKey := filepath.Join(*stateDir, "cert.pem"), filepath.Join(*stateDir, "key.pem")
	if _, err := os.Stat(keptCert); err == nil {
		return loadOrMakeCert(keptCert, keptKey)
	}
	if err := os.MkdirAll(*stateDir, 0o700); err != nil {
		return tls.Certificate{}, fmt.Errorf("cannot create -state-dir %q: %v", *stateDir, err)
	}
	cert, err := loadOrMakeCert("", "")
	if err != nil {
		return cert, err
	}
	keyDER, err := x509.MarshalECPrivateKey(cert.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		return cert, err
	}
	if err := ioutil.WriteFile(keptKey, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return cert, err
	}
	return cert, ioutil.WriteFile(keptCert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600)
}

// createOrLoad loads the inventory saved in -state-dir, or creates the model's when there is none.
func createOrLoad(model *simulator.Model) error {
	if *stateDir != "" {
		if entries, err := ioutil.ReadDir(inventoryDir()); err == nil && len(entries) > 0 {
			if err := model.Load(inventoryDir()); err != nil {
				return fmt.Errorf("cannot load the inventory saved in %s: %v (remove the folder to start afresh)", inventoryDir(), err)
			}
			return nil
		}
	}
	return model.Create()
}

// removeUnlessKept removes the model's datastore folders unless -state-dir keeps them for the next start.
func removeUnlessKept(model *simulator.Model) {
	if *stateDir == "" {
		model.Remove()
	}
}

// saveOnStop, with -state-dir, first stops serving clients (waiting for the calls in flight, whose
// tasks run inside them), so everything a client was told is done is in the saved inventory, then
// saves it through a private listener of its own.
func saveOnStop(server *http.Server, handler http.Handler, cert tls.Certificate, username, password string) error {
	if *stateDir == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil {
		log.Printf("vcsim-ferry: calls still in flight at the restart: %v", err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	private := &http.Server{Handler: handler, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}, ErrorLog: log.New(ioutil.Discard, "", 0)}
	go func() { _ = private.ServeTLS(listener, "", "") }()
	defer private.Close()
	return saveInventory(&url.URL{Scheme: "https", Host: listener.Addr().String(), Path: "/sdk"}, username, password)
}

// saveInventory writes every entity's properties, as the vSphere API returns them, into
// <state-dir>/inventory (through a temporary folder, so a failed save leaves the last one whole).
func saveInventory(sdk *url.URL, username, password string) error {
	if *stateDir == "" {
		return nil
	}
	u := *sdk
	u.User = url.UserPassword(username, password)
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, &u, true)
	if err != nil {
		return fmt.Errorf("cannot log in to save the inventory: %v", err)
	}
	defer client.Logout(ctx)

	refs := []types.ManagedObjectReference{}
	kinds := map[string]bool{}
	for _, e := range simulator.Map.All("") {
		ref := e.Reference()
		refs = append(refs, ref)
		kinds[ref.Type] = true
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Type+refs[i].Value < refs[j].Type+refs[j].Value })
	spec := types.PropertyFilterSpec{}
	for _, ref := range refs {
		spec.ObjectSet = append(spec.ObjectSet, types.ObjectSpec{Obj: ref})
	}
	for kind := range kinds {
		spec.PropSet = append(spec.PropSet, types.PropertySpec{Type: kind, All: types.NewBool(true)})
	}
	res, err := methods.RetrieveProperties(ctx, client.Client, &types.RetrieveProperties{This: client.ServiceContent.PropertyCollector, SpecSet: []types.PropertyFilterSpec{spec}})
	if err != nil {
		return fmt.Errorf("cannot read the inventory to save it: %v", err)
	}

	tmp := inventoryDir() + ".saving"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return err
	}
	for i, content := range res.Returnval {
		body, err := xml.Marshal(content)
		if err != nil {
			return fmt.Errorf("cannot encode %s: %v", content.Obj, err)
		}
		// Morefs may hold slashes (the simulator's datastores are named after their folder).
		name := fmt.Sprintf("%04d-%s-%s.xml", i, content.Obj.Type, strings.ReplaceAll(content.Obj.Value, "/", "_"))
		if err := ioutil.WriteFile(filepath.Join(tmp, name), body, 0o600); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(inventoryDir()); err != nil {
		return err
	}
	return os.Rename(tmp, inventoryDir())
}
