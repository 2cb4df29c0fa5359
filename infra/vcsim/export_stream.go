package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
)

// convertToStream writes the disk as a streamOptimized VMDK (what an ESXi export serves) with
// qemu-img. A backing file the simulator created empty (a disk added with only a capacity) is
// exported as an all-zero disk of that capacity.
func convertToStream(d *exportDisk, dir string, truncateAt int64) error {
	out := filepath.Join(dir, d.ticket+"-"+d.targetID)
	info, err := os.Stat(d.source)
	if err != nil {
		return fmt.Errorf("backing file of %s: %v", d.deviceKey, err)
	}
	var cmd *exec.Cmd
	if info.Size() == 0 {
		cmd = exec.Command("qemu-img", "create", "-q", "-f", "vmdk", "-o", "subformat=streamOptimized", out, strconv.FormatInt(d.capacity, 10))
	} else {
		cmd = exec.Command("qemu-img", "convert", "-q", "-O", "vmdk", "-o", "subformat=streamOptimized", d.source, out)
	}
	if text, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("qemu-img could not convert %s (%s): %v: %s", d.source, d.deviceKey, err, strings.TrimSpace(string(text)))
	}
	if truncateAt > 0 {
		if err := os.Truncate(out, truncateAt); err != nil {
			return err
		}
	}
	d.stream = out
	return nil
}

// exportHTTP serves GET /nfc/<ticket>/<disk-N.vmdk> of ready export leases, as ESXi does: the
// whole stream in one chunked response, no Range. Other requests go to the simulator (its own
// /nfc/ handler serves import leases and answers 404 for tickets of ended exports).
func exportHTTP(next http.Handler, x *exportRegistry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/vcsim/nfc-leases" {
			serveLeaseList(w, x)
			return
		}
		parts := strings.Split(r.URL.Path, "/")
		if r.Method != http.MethodGet || len(parts) != 4 || parts[1] != "nfc" {
			next.ServeHTTP(w, r)
			return
		}
		lease, disk := x.device(parts[2], parts[3])
		if lease == nil {
			http.NotFound(w, r)
			return
		}
		serveStream(w, lease, disk)
	})
}

func serveStream(w http.ResponseWriter, lease *exportLease, disk *exportDisk) {
	f, err := os.Open(disk.stream)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/x-vnd.vmware-streamVmdk")
	w.WriteHeader(http.StatusOK)
	buf := make([]byte, 256*1024)
	for {
		select {
		case <-lease.done:
			// The lease ended (complete, abort, timeout) mid-download: the host drops the connection.
			panic(http.ErrAbortHandler)
		default:
		}
		n, err := f.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			panic(http.ErrAbortHandler)
		}
	}
}

// leaseView is one line of GET /vcsim/nfc-leases, a simulator-only view tests use to check what
// a service did with the leases it took (vCenter shows the same as export tasks).
type leaseView struct {
	Lease    string   `json:"lease"`
	VM       string   `json:"vm"`
	State    string   `json:"state"`
	Progress int32    `json:"progress"`
	Error    string   `json:"error,omitempty"`
	URLs     []string `json:"urls"`
}

func serveLeaseList(w http.ResponseWriter, x *exportRegistry) {
	x.mu.Lock()
	leases := append([]*exportLease(nil), x.leases...)
	x.mu.Unlock()
	views := []leaseView{}
	for _, l := range leases {
		simulator.Map.WithLock(l, func() {
			v := leaseView{Lease: l.Self.Value, VM: l.Info.Entity.Value, State: string(l.State), Progress: l.TransferProgress, URLs: []string{}}
			if l.Error != nil {
				v.Error = l.Error.LocalizedMessage
			}
			for _, d := range l.Info.DeviceUrl {
				v.URLs = append(v.URLs, d.Url)
			}
			views = append(views, v)
		})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(views)
}
