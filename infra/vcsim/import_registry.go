package main

import (
	"fmt"
	"io/ioutil"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// importRegistry holds every import lease and the upload tickets currently accepted. Server
// address, thumbprint and lease timeout (flag and vcsim.nfc.leaseTimeout) are the export's.
type importRegistry struct {
	mu      sync.Mutex
	seq     int
	leases  []*importLease
	tickets map[string]*importLease
	exports *exportRegistry
}

func newImportRegistry(exports *exportRegistry) *importRegistry {
	return &importRegistry{tickets: map[string]*importLease{}, exports: exports}
}

// ensureImporter registers FerryVAppImport:<pool> so a re-addressed ImportVApp finds its handler.
func (x *importRegistry) ensureImporter(pool string) {
	ref := types.ManagedObjectReference{Type: importerType, Value: pool}
	x.mu.Lock()
	defer x.mu.Unlock()
	if simulator.Map.Get(ref) == nil {
		simulator.Map.Put(&vAppImporter{self: ref, imports: x})
	}
}

// start creates the VM of the import spec and its lease (initializing, ready shortly after).
func (x *importRegistry) start(ctx *simulator.Context, pool types.ManagedObjectReference, req *types.ImportVApp) (types.ManagedObjectReference, *soap.Fault) {
	spec, ok := req.Spec.(*types.VirtualMachineImportSpec)
	if !ok {
		msg := fmt.Sprintf("ImportVApp: spec is %T; this simulator imports a VirtualMachineImportSpec", req.Spec)
		return types.ManagedObjectReference{}, simulator.Fault(msg, &types.InvalidArgument{InvalidProperty: "spec"})
	}
	vmRef, vmName, fault := createImportedVM(ctx, pool, req, spec)
	if fault != nil {
		return types.ManagedObjectReference{}, fault
	}
	disks, fault := importDisks(vmRef)
	if fault != nil {
		return types.ManagedObjectReference{}, fault
	}
	dir, err := ioutil.TempDir("", "ferry-nfc-import-")
	if err != nil {
		return types.ManagedObjectReference{}, simulator.Fault(err.Error(), &types.CannotCreateFile{FileFault: types.FileFault{File: dir}})
	}

	x.mu.Lock()
	x.seq++
	ref := types.ManagedObjectReference{Type: "HttpNfcLease", Value: fmt.Sprintf("lease-import-%d", x.seq)}
	x.mu.Unlock()
	var capacityKB int64
	for _, d := range disks {
		capacityKB += d.device.CapacityInKB
		if d.device.CapacityInKB == 0 {
			capacityKB += (d.device.CapacityInBytes + 1023) / 1024
		}
		d.ticket = newTicket()
	}
	timeout := x.exports.leaseTimeout()
	lease := &importLease{reg: x, vmName: vmName, disks: disks, dir: dir, timeout: timeout, done: make(chan struct{})}
	lease.Self = ref
	lease.Mode = "pushOrGet"
	lease.State = types.HttpNfcLeaseStateInitializing
	lease.Info = &types.HttpNfcLeaseInfo{Lease: ref, Entity: vmRef, TotalDiskCapacityInKB: capacityKB, LeaseTimeout: int32(timeout / time.Second)}
	simulator.Map.Put(lease)
	x.mu.Lock()
	x.leases = append(x.leases, lease)
	x.mu.Unlock()
	go lease.prepare()
	return ref, nil
}

// publish makes a ready lease's upload URLs answer; unpublish makes them 404 again.
func (x *importRegistry) publish(l *importLease) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range l.disks {
		x.tickets[d.ticket] = l
	}
}

func (x *importRegistry) unpublish(l *importLease) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range l.disks {
		delete(x.tickets, d.ticket)
	}
}

// device finds the disk behind /nfc/<ticket>/<name> of a ready lease.
func (x *importRegistry) device(ticket, name string) (*importLease, *importDisk) {
	x.mu.Lock()
	l := x.tickets[ticket]
	x.mu.Unlock()
	if l == nil {
		return nil, nil
	}
	for _, d := range l.disks {
		if d.ticket == ticket && d.name == name {
			return l, d
		}
	}
	return nil, nil
}

// endAll aborts every lease still open (the launcher is stopping) so staged uploads are removed.
func (x *importRegistry) endAll() {
	x.mu.Lock()
	leases := append([]*importLease(nil), x.leases...)
	x.mu.Unlock()
	for _, l := range leases {
		simulator.Map.WithLock(l, func() {
			if !l.ended {
				l.finish(types.HttpNfcLeaseStateError, &types.LocalizedMethodFault{Fault: &types.RequestCanceled{}, LocalizedMessage: "vcsim is stopping"})
			}
		})
	}
}
