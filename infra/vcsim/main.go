// Command vcsim-ferry starts one vCenter simulator (govmomi's simulator package, as Debian ships
// it) for Ferry's tests, benchmarks and demo. One process is one vCenter: the simulator keeps its
// inventory in a package-global registry, so a prem and a cloud vCenter are two processes.
//
// On start it prints one JSON line on stdout with the URL, the certificate thumbprints (so
// clients can pin them) and the local folder behind every datastore (so tests can place real
// VMDKs that the datastore /folder endpoint then serves). SIGINT/SIGTERM stop it and remove the
// datastore folders, unless -state-dir keeps them with the inventory for a restart (inventory_state.go).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

type datastoreInfo struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

type readyLine struct {
	Ready            bool            `json:"ready"`
	URL              string          `json:"url"`
	SdkURL           string          `json:"sdkUrl"`
	Host             string          `json:"host"`
	Port             int             `json:"port"`
	Username         string          `json:"username"`
	Thumbprint       string          `json:"thumbprint"`
	ThumbprintSHA256 string          `json:"thumbprintSha256"`
	CertPEM          string          `json:"certPem"`
	Datastores       []datastoreInfo `json:"datastores"`
	VMs              int             `json:"vms"`
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address:port to listen on (port 0 picks a free one)")
	certFile := flag.String("cert", "", "PEM certificate file (default: a fresh self-signed certificate)")
	keyFile := flag.String("key", "", "PEM private key file for -cert")
	username := flag.String("username", "administrator@vsphere.local", "login user name")
	password := flag.String("password", "ferry-pass", "login password")
	dc := flag.Int("dc", 1, "datacenters")
	cluster := flag.Int("cluster", 1, "clusters per datacenter")
	host := flag.Int("host", 2, "hosts per cluster")
	standalone := flag.Int("standalone-host", 0, "standalone hosts per datacenter")
	ds := flag.Int("ds", 1, "datastores (local folders) per datacenter")
	vm := flag.Int("vm", 0, "VMs per resource pool created by the model (tests usually create their own)")
	pg := flag.Int("pg", 1, "distributed port groups per datacenter")
	pool := flag.Int("pool", 0, "child resource pools per cluster")
	folder := flag.Int("folder", 0, "datacenters placed in a folder")
	dataDir := flag.String("data-dir", "", "parent folder of the datastore folders (default: the system temp folder)")
	autostart := flag.Bool("autostart", true, "power on the model's VMs")
	leaseTimeout := flag.Duration("nfc-lease-timeout", 300*time.Second, "export lease timeout without HttpNfcLeaseProgress (vCenter: 300s; option vcsim.nfc.leaseTimeout overrides it at run time)")
	flag.Parse()
	log.SetOutput(os.Stderr)

	if *dataDir != "" {
		if err := os.MkdirAll(*dataDir, 0o700); err != nil {
			log.Fatalf("vcsim-ferry: cannot create -data-dir %q: %v", *dataDir, err)
		}
		// The simulator makes datastore folders with ioutil.TempDir(""), which honours TMPDIR.
		os.Setenv("TMPDIR", *dataDir)
	}

	cert, err := stateCert(*certFile, *keyFile)
	if err != nil {
		log.Fatalf("vcsim-ferry: %v", err)
	}

	model := simulator.VPX()
	model.Datacenter = *dc
	model.Cluster = *cluster
	model.ClusterHost = *host
	model.Host = *standalone
	model.Datastore = *ds
	model.Machine = *vm
	model.Portgroup = *pg
	model.Pool = *pool
	model.Folder = *folder
	model.Autostart = *autostart
	if err := createOrLoad(model); err != nil {
		log.Fatalf("vcsim-ferry: model create failed: %v", err)
	}
	defer removeUnlessKept(model)

	// The simulator's own server listens on a private port nobody is told about; ours serves its
	// handlers on -listen behind the ExportVm and ImportVApp layers (export_soap.go,
	// import_soap.go). The simulator's http.Server cannot be given a wrapped handler, hence the
	// second server.
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword(*username, *password)}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	inner := model.Service.NewServer()
	inner.Close()

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("vcsim-ferry: cannot listen on %s: %v", *listen, err)
	}
	addr := listener.Addr().(*net.TCPAddr)
	hostPort := net.JoinHostPort(addr.IP.String(), fmt.Sprint(addr.Port))
	base := "https://" + hostPort
	leaf := cert.Certificate[0]
	exports := newExportRegistry(*leaseTimeout)
	imports := newImportRegistry(exports)
	guests := installGuestOps()
	exports.baseURL = base
	exports.thumbprint = colonHex(sha1Sum(leaf))
	pointSimulatorAt(hostPort, base)
	model.Service.Listen.Host = hostPort
	handler := staleSessionHTTP(guestHTTP(importHTTP(exportHTTP(soapExportRewriter(cbtHTTP(refreshDatastoreHTTP(model.Service.ServeMux), newCbtRegistry()), exports), exports), imports), guests))
	server := &http.Server{
		Handler:   handler,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequestClientCert},
		ErrorLog:  log.New(ioutil.Discard, "", 0),
	}
	go func() {
		if err := server.ServeTLS(listener, "", ""); err != nil && err != http.ErrServerClosed {
			log.Fatalf("vcsim-ferry: server stopped: %v", err)
		}
	}()
	defer server.Close()
	defer exports.endAll()
	defer imports.endAll()
	defer guests.shutdown()

	line := readyLine{
		Ready:            true,
		URL:              base,
		SdkURL:           base + "/sdk",
		Host:             addr.IP.String(),
		Port:             addr.Port,
		Username:         *username,
		Thumbprint:       colonHex(sha1Sum(leaf)),
		ThumbprintSHA256: colonHex(sha256Sum(leaf)),
		CertPEM:          string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf})),
		Datastores:       datastores(),
		VMs:              len(simulator.Map.All("VirtualMachine")),
	}
	out, _ := json.Marshal(line)
	fmt.Println(string(out))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	if err := saveOnStop(server, handler, cert, *username, *password); err != nil {
		log.Printf("vcsim-ferry: the inventory was not saved: %v", err)
	}
}

// pointSimulatorAt makes the simulator hand out our address (it redirects clients, e.g. to guest
// file transfer and import lease URLs, to the server it started itself).
func pointSimulatorAt(hostPort, base string) {
	simulator.Map.SessionManager().ServiceHostName = hostPort
	m := simulator.Map.OptionManager()
	for _, s := range m.Setting {
		if opt := s.GetOptionValue(); opt.Key == "vcsim.server.url" {
			opt.Value = base + "/sdk"
		}
	}
}

func datastores() []datastoreInfo {
	list := []datastoreInfo{}
	for _, e := range simulator.Map.All("Datastore") {
		d, ok := e.(*simulator.Datastore)
		if !ok {
			continue
		}
		list = append(list, datastoreInfo{Name: d.Name, Path: d.Info.GetDatastoreInfo().Url})
	}
	return list
}

func loadOrMakeCert(certFile, keyFile string) (tls.Certificate, error) {
	if certFile != "" || keyFile != "" {
		if certFile == "" || keyFile == "" {
			return tls.Certificate{}, fmt.Errorf("-cert and -key must be given together (got cert=%q key=%q)", certFile, keyFile)
		}
		certPEM, err := ioutil.ReadFile(certFile)
		if err != nil {
			return tls.Certificate{}, fmt.Errorf("cannot read -cert: %v", err)
		}
		keyPEM, err := ioutil.ReadFile(keyFile)
		if err != nil {
			return tls.Certificate{}, fmt.Errorf("cannot read -key: %v", err)
		}
		return tls.X509KeyPair(certPEM, keyPEM)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "vcsim-ferry", Organization: []string{"Ferry test vCenter"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func sha1Sum(b []byte) []byte   { s := sha1.Sum(b); return s[:] }
func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func colonHex(b []byte) string {
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02X", x)
	}
	return strings.Join(parts, ":")
}
