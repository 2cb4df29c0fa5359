package main

// The HttpNfcLease an ExportVm returns, with vCenter's life cycle: initializing (while each disk
// is converted to a streamOptimized VMDK, as ESXi's export serves it) -> ready -> done
// (HttpNfcLeaseComplete) or error (HttpNfcLeaseAbort, a failed conversion, or no
// HttpNfcLeaseProgress for leaseTimeout seconds). Once the lease leaves ready its URLs answer 404,
// a download still running is cut, and the converted files are removed.

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// exportDisk is one virtual disk of the VM and the converted stream served for it.
type exportDisk struct {
	deviceKey string // e.g. /vm-42/VirtualLsiLogicController0:0
	targetID  string // disk-0.vmdk, as ESXi names export devices
	source    string // local path of the backing file
	capacity  int64
	stream    string // converted streamOptimized file (set while initializing)
	ticket    string // path segment that makes the URL unguessable
}

// exportLease embeds the mo type first, so the simulator's PropertyCollector and Map.Update see
// its fields (state, info, error, transferProgress) like those of its own lease type. Fields are
// changed only under simulator.Map.WithLock(lease), as the simulator does for its objects.
type exportLease struct {
	mo.HttpNfcLease

	reg        *exportRegistry
	vmName     string
	disks      []*exportDisk
	dir        string
	timeout    time.Duration
	truncateAt int64 // test hook: serve only this many bytes of each stream (0 = all)
	timer      *time.Timer
	done       chan struct{}
	ended      bool
}

func (l *exportLease) set(changes ...types.PropertyChange) {
	simulator.Map.Update(l, changes)
}

// prepare converts every disk, then makes the lease ready (runs on its own goroutine).
func (l *exportLease) prepare() {
	var failure error
	for i, d := range l.disks {
		if failure == nil {
			failure = convertToStream(d, l.dir, l.truncateAt)
		}
		percent := int32((i + 1) * 100 / len(l.disks))
		simulator.Map.WithLock(l, func() { l.set(types.PropertyChange{Name: "initializeProgress", Val: percent}) })
	}
	simulator.Map.WithLock(l, func() {
		if l.ended {
			return // aborted while initializing
		}
		if failure != nil {
			log.Printf("vcsim-ferry: export of %s (%s) failed: %v", l.vmName, l.Info.Entity.Value, failure)
			l.finish(types.HttpNfcLeaseStateError, &types.LocalizedMethodFault{Fault: &types.FileFault{File: failure.Error()}, LocalizedMessage: failure.Error()})
			return
		}
		info := *l.Info
		info.DeviceUrl = nil
		for _, d := range l.disks {
			info.DeviceUrl = append(info.DeviceUrl, types.HttpNfcLeaseDeviceUrl{
				Key:           d.deviceKey,
				Url:           fmt.Sprintf("%s/nfc/%s/%s", l.reg.baseURL, d.ticket, d.targetID),
				SslThumbprint: l.reg.thumbprint,
				Disk:          types.NewBool(true),
				TargetId:      d.targetID,
			})
		}
		l.set(types.PropertyChange{Name: "info", Val: &info}, types.PropertyChange{Name: "state", Val: types.HttpNfcLeaseStateReady})
		l.reg.publish(l)
		l.timer = time.AfterFunc(l.timeout, l.expire)
	})
}

// expire ends a ready lease nobody reported progress on for leaseTimeout, as vCenter does.
func (l *exportLease) expire() {
	simulator.Map.WithLock(l, func() {
		if l.ended {
			return
		}
		msg := fmt.Sprintf("The export lease of %s timed out: no HttpNfcLeaseProgress for %d seconds.", l.vmName, l.Info.LeaseTimeout)
		l.finish(types.HttpNfcLeaseStateError, &types.LocalizedMethodFault{Fault: &types.Timedout{}, LocalizedMessage: msg})
	})
}

// finish moves the lease to done or error and releases everything it held. Caller holds the lock.
func (l *exportLease) finish(state types.HttpNfcLeaseState, fault *types.LocalizedMethodFault) {
	l.ended = true
	if l.timer != nil {
		l.timer.Stop()
	}
	l.reg.unpublish(l)
	close(l.done)
	if err := os.RemoveAll(l.dir); err != nil {
		log.Printf("vcsim-ferry: cannot remove %s: %v", l.dir, err)
	}
	changes := []types.PropertyChange{{Name: "state", Val: state}}
	if fault != nil {
		changes = append(changes, types.PropertyChange{Name: "error", Val: fault})
	}
	l.set(changes...)
}

func (l *exportLease) notReady(method string) *soap.Fault {
	msg := fmt.Sprintf("%s: the lease %s is %s, not ready", method, l.Self.Value, l.State)
	return simulator.Fault(msg, &types.InvalidState{})
}

// HttpNfcLeaseProgress records progress and renews the lease for another leaseTimeout.
func (l *exportLease) HttpNfcLeaseProgress(req *types.HttpNfcLeaseProgress) soap.HasFault {
	if l.State != types.HttpNfcLeaseStateReady {
		return &methods.HttpNfcLeaseProgressBody{Fault_: l.notReady("HttpNfcLeaseProgress")}
	}
	if req.Percent < 0 || req.Percent > 100 {
		return &methods.HttpNfcLeaseProgressBody{Fault_: simulator.Fault("percent must be 0..100", &types.InvalidArgument{InvalidProperty: "percent"})}
	}
	l.timer.Reset(l.timeout)
	l.set(types.PropertyChange{Name: "transferProgress", Val: req.Percent})
	return &methods.HttpNfcLeaseProgressBody{Res: new(types.HttpNfcLeaseProgressResponse)}
}

// HttpNfcLeaseComplete ends the export successfully.
func (l *exportLease) HttpNfcLeaseComplete(req *types.HttpNfcLeaseComplete) soap.HasFault {
	if l.State != types.HttpNfcLeaseStateReady {
		return &methods.HttpNfcLeaseCompleteBody{Fault_: l.notReady("HttpNfcLeaseComplete")}
	}
	l.set(types.PropertyChange{Name: "transferProgress", Val: int32(100)})
	l.finish(types.HttpNfcLeaseStateDone, nil)
	return &methods.HttpNfcLeaseCompleteBody{Res: new(types.HttpNfcLeaseCompleteResponse)}
}

// HttpNfcLeaseAbort ends the export with the caller's fault (or RequestCanceled).
func (l *exportLease) HttpNfcLeaseAbort(req *types.HttpNfcLeaseAbort) soap.HasFault {
	if l.ended {
		return &methods.HttpNfcLeaseAbortBody{Fault_: l.notReady("HttpNfcLeaseAbort")}
	}
	fault := req.Fault
	if fault == nil {
		fault = &types.LocalizedMethodFault{Fault: &types.RequestCanceled{}, LocalizedMessage: "The export was aborted by the client."}
	}
	l.finish(types.HttpNfcLeaseStateError, fault)
	return &methods.HttpNfcLeaseAbortBody{Res: new(types.HttpNfcLeaseAbortResponse)}
}
