package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/ioutil"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Option keys (OptionManager "setting", changed with UpdateOptions) that tune exports at run time.
const (
	// Seconds a ready lease lives without HttpNfcLeaseProgress (vCenter: 300).
	optionLeaseTimeout = "vcsim.nfc.leaseTimeout"
	// Test hook, suffixed with a VM id: serve that VM's export streams cut to this many bytes.
	optionTruncatePrefix = "vcsim.nfc.truncateStreamAt."
)

// exportRegistry holds every export lease and the device tickets currently served.
type exportRegistry struct {
	mu             sync.Mutex
	seq            int
	leases         []*exportLease
	tickets        map[string]*exportLease
	baseURL        string // https://host:port of the server the device URLs point at
	thumbprint     string // SHA-1 of the server certificate, as vCenter fills sslThumbprint
	defaultTimeout time.Duration
}

func newExportRegistry(defaultTimeout time.Duration) *exportRegistry {
	return &exportRegistry{tickets: map[string]*exportLease{}, defaultTimeout: defaultTimeout}
}

// ensureExporter registers FerryVmExport:<vm> so a re-addressed ExportVm finds its handler.
func (x *exportRegistry) ensureExporter(vm string) {
	ref := types.ManagedObjectReference{Type: exporterType, Value: vm}
	x.mu.Lock()
	defer x.mu.Unlock()
	if simulator.Map.Get(ref) == nil {
		simulator.Map.Put(&vmExporter{self: ref, exports: x})
	}
}

// start checks the VM, creates the lease (initializing) and starts converting its disks.
func (x *exportRegistry) start(vmRef types.ManagedObjectReference) (types.ManagedObjectReference, *soap.Fault) {
	vm, ok := simulator.Map.Get(vmRef).(*simulator.VirtualMachine)
	if !ok {
		return types.ManagedObjectReference{}, simulator.Fault(fmt.Sprintf("managed object not found: %s", vmRef), &types.ManagedObjectNotFound{Obj: vmRef})
	}
	var name string
	var state types.VirtualMachinePowerState
	var devices []types.BaseVirtualDevice
	simulator.Map.WithLock(vm, func() {
		name, state = vm.Name, vm.Runtime.PowerState
		if vm.Config != nil {
			devices = append(devices, vm.Config.Hardware.Device...)
		}
	})
	if state != types.VirtualMachinePowerStatePoweredOff {
		msg := fmt.Sprintf("The attempted operation cannot be performed in the current state (%s).", powerStateLabel(state))
		return types.ManagedObjectReference{}, simulator.Fault(msg, &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOff, ExistingState: state})
	}
	disks, fault := exportDisks(vmRef, devices)
	if fault != nil {
		return types.ManagedObjectReference{}, fault
	}
	dir, err := ioutil.TempDir("", "ferry-nfc-export-")
	if err != nil {
		return types.ManagedObjectReference{}, simulator.Fault(err.Error(), &types.CannotCreateFile{FileFault: types.FileFault{File: dir}})
	}

	x.mu.Lock()
	x.seq++
	ref := types.ManagedObjectReference{Type: "HttpNfcLease", Value: fmt.Sprintf("lease-export-%d", x.seq)}
	x.mu.Unlock()
	var capacityKB int64
	for _, d := range disks {
		capacityKB += (d.capacity + 1023) / 1024
		d.ticket = newTicket()
	}
	timeout := x.leaseTimeout()
	lease := &exportLease{reg: x, vmName: name, disks: disks, dir: dir, timeout: timeout, truncateAt: intOption(optionTruncatePrefix+vmRef.Value, 0), done: make(chan struct{})}
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

func (x *exportRegistry) leaseTimeout() time.Duration {
	if s := intOption(optionLeaseTimeout, 0); s > 0 {
		return time.Duration(s) * time.Second
	}
	return x.defaultTimeout
}

// publish makes a ready lease's device URLs answer; unpublish makes them 404 again.
func (x *exportRegistry) publish(l *exportLease) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range l.disks {
		x.tickets[d.ticket] = l
	}
}

func (x *exportRegistry) unpublish(l *exportLease) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range l.disks {
		delete(x.tickets, d.ticket)
	}
}

// device finds the served disk for /nfc/<ticket>/<targetId>.
func (x *exportRegistry) device(ticket, target string) (*exportLease, *exportDisk) {
	x.mu.Lock()
	l := x.tickets[ticket]
	x.mu.Unlock()
	if l == nil {
		return nil, nil
	}
	for _, d := range l.disks {
		if d.ticket == ticket && d.targetID == target {
			return l, d
		}
	}
	return nil, nil
}

// endAll aborts every lease still open (the launcher is stopping) so converted files are removed.
func (x *exportRegistry) endAll() {
	x.mu.Lock()
	leases := append([]*exportLease(nil), x.leases...)
	x.mu.Unlock()
	for _, l := range leases {
		simulator.Map.WithLock(l, func() {
			if !l.ended {
				l.finish(types.HttpNfcLeaseStateError, &types.LocalizedMethodFault{Fault: &types.RequestCanceled{}, LocalizedMessage: "vcsim is stopping"})
			}
		})
	}
}

// exportDisks lists the VM's virtual disks in device order with their local backing files.
func exportDisks(vmRef types.ManagedObjectReference, devices []types.BaseVirtualDevice) ([]*exportDisk, *soap.Fault) {
	controllers := map[int32]types.BaseVirtualDevice{}
	for _, d := range devices {
		controllers[d.GetVirtualDevice().Key] = d
	}
	var disks []*exportDisk
	for _, dev := range devices {
		disk, ok := dev.(*types.VirtualDisk)
		if !ok {
			continue
		}
		backing, ok := disk.Backing.(types.BaseVirtualDeviceFileBackingInfo)
		if !ok {
			return nil, simulator.Fault(fmt.Sprintf("disk %d of %s has no file backing", disk.Key, vmRef.Value), &types.NotSupported{})
		}
		fileName := backing.GetVirtualDeviceFileBackingInfo().FileName
		path, fault := localPath(fileName)
		if fault != nil {
			return nil, fault
		}
		capacity := disk.CapacityInBytes
		if capacity == 0 {
			capacity = disk.CapacityInKB * 1024
		}
		disks = append(disks, &exportDisk{
			deviceKey: deviceKey(vmRef, controllers[disk.ControllerKey], disk),
			targetID:  fmt.Sprintf("disk-%d.vmdk", len(disks)),
			source:    path,
			capacity:  capacity,
		})
	}
	return disks, nil
}

// deviceKey names a disk the way vCenter's export lease does: /vm-42/VirtualLsiLogicController0:1.
func deviceKey(vmRef types.ManagedObjectReference, controller types.BaseVirtualDevice, disk *types.VirtualDisk) string {
	unit := int32(0)
	if disk.UnitNumber != nil {
		unit = *disk.UnitNumber
	}
	label, bus := "VirtualController", int32(0)
	if controller != nil {
		label = reflect.TypeOf(controller).Elem().Name()
		if c, ok := controller.(types.BaseVirtualController); ok {
			bus = c.GetVirtualController().BusNumber
		}
	}
	return fmt.Sprintf("/%s/%s%d:%d", vmRef.Value, label, bus, unit)
}

// localPath maps "[datastore] folder/file.vmdk" to the file behind the simulator's datastore.
func localPath(fileName string) (string, *soap.Fault) {
	invalid := simulator.Fault(fmt.Sprintf("invalid datastore path %q", fileName), &types.InvalidDatastorePath{DatastorePath: fileName})
	if !strings.HasPrefix(fileName, "[") {
		return "", invalid
	}
	end := strings.Index(fileName, "]")
	if end < 0 {
		return "", invalid
	}
	dsName, rel := fileName[1:end], strings.TrimSpace(fileName[end+1:])
	for _, e := range simulator.Map.All("Datastore") {
		if ds, ok := e.(*simulator.Datastore); ok && ds.Name == dsName {
			return filepath.Join(ds.Info.GetDatastoreInfo().Url, rel), nil
		}
	}
	return "", simulator.Fault(fmt.Sprintf("datastore %q of %q not found", dsName, fileName), &types.InvalidDatastore{Name: dsName})
}

func powerStateLabel(state types.VirtualMachinePowerState) string {
	switch state {
	case types.VirtualMachinePowerStatePoweredOn:
		return "Powered on"
	case types.VirtualMachinePowerStateSuspended:
		return "Suspended"
	}
	return string(state)
}

// intOption reads an integer OptionManager setting (set by UpdateOptions as any xsd type).
func intOption(key string, fallback int64) int64 {
	m := simulator.Map.OptionManager()
	value := fallback
	simulator.Map.WithLock(m, func() {
		for _, s := range m.Setting {
			opt := s.GetOptionValue()
			if opt.Key != key {
				continue
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(fmt.Sprint(opt.Value)), 10, 64); err == nil {
				value = n
			}
		}
	})
	return value
}

func newTicket() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "52" + hex.EncodeToString(b)
}
