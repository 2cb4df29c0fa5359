package main

// Changed-block tracking state of the launcher: each tracked disk's change epoch (a new one whenever
// CBT is switched on, so changeIds of an earlier epoch are refused as vCenter refuses them after a
// CBT reset) and every snapshot's freeze of every disk, kept by changeId after the snapshot is gone
// (a later delta is queried from it).

import (
	"crypto/rand"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

type cbtPoint struct {
	vm        string
	deviceKey int32
	epoch     string
	seq       int
	capacity  int64
	disk      *frozenDisk
}

func (p *cbtPoint) changeID() string { return fmt.Sprintf("%s/%d", p.epoch, p.seq) }

type cbtRegistry struct {
	mu sync.Mutex
	// epochs by "vm/deviceKey", with the last sequence number handed out.
	epochs map[string]*cbtEpoch
	// points by changeId.
	points map[string]*cbtPoint
	// each snapshot's points, by snapshot moref.
	snapshots map[string][]*cbtPoint
}

type cbtEpoch struct {
	id  string
	seq int
}

func newCbtRegistry() *cbtRegistry {
	return &cbtRegistry{epochs: map[string]*cbtEpoch{}, points: map[string]*cbtPoint{}, snapshots: map[string][]*cbtPoint{}}
}

// newEpochID looks like vSphere's: "52 3c 9a 0e 11 d2 44 7b-a1 08 77 c0 5e 19 2f 6d".
func newEpochID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[0] = 0x52
	parts := make([]string, 16)
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02x", x)
	}
	return strings.Join(parts[:8], " ") + "-" + strings.Join(parts[8:], " ")
}

// resetVM forgets the epochs of a VM whose CBT was switched off: its old changeIds become invalid.
func (r *cbtRegistry) resetVM(vm string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for key := range r.epochs {
		if strings.HasPrefix(key, vm+"/") {
			delete(r.epochs, key)
		}
	}
}

// freezeSnapshot freezes every file-backed disk of the VM for the snapshot and names the frozen
// copies (and, with CBT on, each disk's changeId) in the snapshot's config.
func (r *cbtRegistry) freezeSnapshot(vmRef, snapRef types.ManagedObjectReference) error {
	vm, ok := simulator.Map.Get(vmRef).(*simulator.VirtualMachine)
	if !ok {
		return fmt.Errorf("no VM %s", vmRef.Value)
	}
	snap, ok := simulator.Map.Get(snapRef).(*simulator.VirtualMachineSnapshot)
	if !ok {
		return fmt.Errorf("no snapshot %s", snapRef.Value)
	}
	var tracking bool
	var devices []types.BaseVirtualDevice
	simulator.Map.WithLock(vm, func() {
		tracking = vm.Config.ChangeTrackingEnabled != nil && *vm.Config.ChangeTrackingEnabled
		devices = append(devices, vm.Config.Hardware.Device...)
	})
	var points []*cbtPoint
	replaced := make([]types.BaseVirtualDevice, 0, len(devices))
	for _, dev := range devices {
		disk, ok := dev.(*types.VirtualDisk)
		backing, isFlat := diskBacking(dev)
		if !ok || !isFlat {
			replaced = append(replaced, dev)
			continue
		}
		path, fault := localPath(backing.FileName)
		if fault != nil {
			return fmt.Errorf("disk %d: %s", disk.Key, fault.String)
		}
		capacity := disk.CapacityInBytes
		if capacity == 0 {
			capacity = disk.CapacityInKB * 1024
		}
		frozen, err := freezeDisk(backing.FileName, path, snapRef.Value, capacity)
		if err != nil {
			return fmt.Errorf("freezing disk %d of %s: %v", disk.Key, vmRef.Value, err)
		}
		copyDisk := *disk
		copyBacking := *backing
		copyBacking.FileName = frozen.fileName
		copyBacking.ChangeId = ""
		if tracking {
			point := r.addPoint(vmRef.Value, disk.Key, capacity, frozen)
			copyBacking.ChangeId = point.changeID()
			points = append(points, point)
		} else {
			points = append(points, &cbtPoint{vm: vmRef.Value, deviceKey: disk.Key, capacity: capacity, disk: frozen})
		}
		copyDisk.Backing = &copyBacking
		replaced = append(replaced, &copyDisk)
	}
	simulator.Map.WithLock(snap, func() { snap.Config.Hardware.Device = replaced })
	r.mu.Lock()
	r.snapshots[snapRef.Value] = points
	r.mu.Unlock()
	return nil
}

func diskBacking(dev types.BaseVirtualDevice) (*types.VirtualDiskFlatVer2BackingInfo, bool) {
	disk, ok := dev.(*types.VirtualDisk)
	if !ok {
		return nil, false
	}
	backing, ok := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
	return backing, ok
}

func (r *cbtRegistry) addPoint(vm string, deviceKey int32, capacity int64, frozen *frozenDisk) *cbtPoint {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := fmt.Sprintf("%s/%d", vm, deviceKey)
	epoch := r.epochs[key]
	if epoch == nil {
		epoch = &cbtEpoch{id: newEpochID()}
		r.epochs[key] = epoch
	}
	epoch.seq++
	point := &cbtPoint{vm: vm, deviceKey: deviceKey, epoch: epoch.id, seq: epoch.seq, capacity: capacity, disk: frozen}
	r.points[point.changeID()] = point
	return point
}

// releaseSnapshot removes a removed snapshot's frozen files; its hashes stay for later deltas.
func (r *cbtRegistry) releaseSnapshot(snap string) {
	r.mu.Lock()
	points := r.snapshots[snap]
	delete(r.snapshots, snap)
	r.mu.Unlock()
	for _, p := range points {
		for _, f := range p.disk.files {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				log.Printf("vcsim-ferry: cannot remove frozen disk %s: %v", f, err)
			}
		}
	}
}

// snapshotsOf lists the snapshot morefs with frozen disks of a VM.
func (r *cbtRegistry) snapshotsOf(vm string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for snap, points := range r.snapshots {
		if len(points) > 0 && points[0].vm == vm {
			out = append(out, snap)
		}
	}
	return out
}

func (r *cbtRegistry) snapshotPoint(snap string, deviceKey int32) *cbtPoint {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.snapshots[snap] {
		if p.deviceKey == deviceKey {
			return p
		}
	}
	return nil
}

// sincePoint resolves a changeId of the disk: nil for "*"; an error text when it is not one of this
// disk's current epoch or is later than the snapshot queried.
func (r *cbtRegistry) sincePoint(changeID string, now *cbtPoint) (*cbtPoint, string) {
	if changeID == "*" {
		return nil, ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	point := r.points[changeID]
	slash := strings.LastIndex(changeID, "/")
	if slash < 0 {
		return nil, fmt.Sprintf("changeId %q is not of the form \"<epoch>/<sequence>\" (or \"*\" for every allocated area)", changeID)
	}
	if _, err := strconv.Atoi(changeID[slash+1:]); err != nil || point == nil || point.vm != now.vm || point.deviceKey != now.deviceKey {
		return nil, fmt.Sprintf("changeId %q is not a change id of disk %d of %s", changeID, now.deviceKey, now.vm)
	}
	if point.epoch != now.epoch {
		return nil, fmt.Sprintf("changeId %q is from before changed block tracking of disk %d of %s was reset; start again from \"*\" (a full sync)", changeID, now.deviceKey, now.vm)
	}
	if point.seq > now.seq {
		return nil, fmt.Sprintf("changeId %q is later than the snapshot queried (%s)", changeID, now.changeID())
	}
	return point, ""
}
