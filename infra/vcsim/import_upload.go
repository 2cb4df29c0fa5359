package main

// PUT/POST /nfc/<ticket>/<disk>.vmdk of a ready import lease, as an ESXi host takes an OVF disk:
// the body is a streamOptimized VMDK. It is staged whole, checked, and converted with qemu-img
// into the disk's monolithicFlat descriptor and -flat.vmdk in the VM's datastore folder; the
// VM's disk then names that file with the uploaded capacity. A body that is not a valid
// streamOptimized VMDK gets 400 and leaves no file; a lease that ends meanwhile cuts the upload.

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func (x *importRegistry) serveUpload(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(r.URL.Path, "/")
	if len(parts) != 4 {
		http.NotFound(w, r)
		return
	}
	lease, disk := x.device(parts[2], parts[3])
	if lease == nil || !lease.claim(disk) {
		http.Error(w, "no ready import lease accepts this URL (the lease ended, or the disk is being uploaded already)", http.StatusNotFound)
		return
	}
	staging, err := os.MkdirTemp(lease.dir, disk.ticket+"-")
	if err != nil {
		lease.release(disk)
		http.Error(w, fmt.Sprintf("cannot stage the upload: %v", err), http.StatusInternalServerError)
		return
	}
	defer os.RemoveAll(staging)
	upload := filepath.Join(staging, "upload.vmdk")
	if err := receive(r.Body, upload, lease.done); err != nil {
		lease.release(disk)
		http.Error(w, fmt.Sprintf("upload of %s failed: %v", disk.name, err), http.StatusBadRequest)
		return
	}
	size, err := checkStreamVmdk(upload)
	if err == nil {
		err = convertToFlat(upload, filepath.Join(staging, disk.name))
	}
	if err != nil {
		lease.release(disk)
		log.Printf("vcsim-ferry: rejected upload of %s: %v", disk.name, err)
		http.Error(w, fmt.Sprintf("%s: %v; upload a streamOptimized VMDK (as an OVF export holds it)", disk.name, err), http.StatusBadRequest)
		return
	}
	if stored, err := lease.install(disk, staging, size); err != nil {
		http.Error(w, fmt.Sprintf("cannot store %s on the datastore: %v", disk.name, err), http.StatusInternalServerError)
		return
	} else if !stored {
		http.Error(w, "the import lease ended during the upload", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// receive copies the body into a new file. The copy runs on its own goroutine so that a lease
// ending meanwhile cuts the connection (the panic makes the server close it, which also ends the
// blocked read) even while the client sends nothing.
func receive(body io.Reader, path string, leaseDone <-chan struct{}) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(f, body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		copied <- err
	}()
	select {
	case err := <-copied:
		return err
	case <-leaseDone:
		panic(http.ErrAbortHandler)
	}
}

// claim marks a disk as being uploaded; false when the lease ended or the disk is taken.
func (l *importLease) claim(d *importDisk) bool {
	ok := false
	simulator.Map.WithLock(l, func() {
		if !l.ended && !d.uploading && !d.uploaded {
			d.uploading, ok = true, true
		}
	})
	return ok
}

func (l *importLease) release(d *importDisk) {
	simulator.Map.WithLock(l, func() { d.uploading = false })
}

// install moves the converted files into the datastore folder and gives the VM's disk the
// uploaded capacity. Staging is on the datastores' file system, so the renames are atomic.
func (l *importLease) install(d *importDisk, staging string, size int64) (bool, error) {
	ok := false
	var failed error
	simulator.Map.WithLock(l, func() {
		d.uploading = false
		if l.ended {
			return
		}
		if err := moveFile(flatPath(filepath.Join(staging, d.name)), flatPath(d.path)); err != nil {
			log.Printf("vcsim-ferry: cannot store %s: %v", d.path, err)
			failed = err
			return
		}
		if err := moveFile(filepath.Join(staging, d.name), d.path); err != nil {
			_ = os.Remove(flatPath(d.path))
			log.Printf("vcsim-ferry: cannot store %s: %v", d.path, err)
			failed = err
			return
		}
		d.uploaded, ok = true, true
		vm := simulator.Map.Get(l.Info.Entity).(*simulator.VirtualMachine)
		simulator.Map.WithLock(vm, func() {
			d.device.CapacityInBytes = size
			d.device.CapacityInKB = size / 1024
			simulator.Map.Update(vm, []types.PropertyChange{{Name: "config.hardware.device", Val: []types.BaseVirtualDevice(vm.Config.Hardware.Device)}})
		})
	})
	return ok, failed
}

// moveFile renames src to dst, or copies it when they are on different file systems (a datastore
// folder with its own mount) and removes src. A failed copy (a full datastore) leaves no dst.
func moveFile(src, dst string) error {
	err := os.Rename(src, dst)
	if !errors.Is(err, syscall.EXDEV) {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err = io.Copy(out, in); err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(dst)
		return err
	}
	return os.Remove(src)
}
