package main

// The HttpNfcLease an ImportVApp returns, with vCenter's life cycle: initializing -> ready (one
// upload URL per disk) -> done (HttpNfcLeaseComplete) or error (HttpNfcLeaseAbort, or no
// HttpNfcLeaseProgress for leaseTimeout seconds). Once the lease leaves ready its URLs answer
// 404, an upload still running is cut, staged data is removed, and on error so are the disk files
// it already stored. The VM stays, as an inventory object without disk files; the client that
// gave up on the import destroys it.

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

// importLease embeds the mo type first so the PropertyCollector sees state, info, error and
// transferProgress. Fields change only under simulator.Map.WithLock(lease).
type importLease struct {
	mo.HttpNfcLease

	reg     *importRegistry
	vmName  string
	disks   []*importDisk
	dir     string // staging folder of uploads (TMPDIR); a datastore folder on another file system gets a copy
	timeout time.Duration
	timer   *time.Timer
	done    chan struct{}
	ended   bool
}

func (l *importLease) set(changes ...types.PropertyChange) {
	simulator.Map.Update(l, changes)
}

// prepare publishes the upload URLs and makes the lease ready (runs on its own goroutine).
func (l *importLease) prepare() {
	simulator.Map.WithLock(l, func() {
		if l.ended {
			return // aborted while initializing
		}
		info := *l.Info
		info.DeviceUrl = nil
		for _, d := range l.disks {
			info.DeviceUrl = append(info.DeviceUrl, types.HttpNfcLeaseDeviceUrl{
				Key:           d.deviceKey,
				ImportKey:     d.importKey,
				Url:           fmt.Sprintf("https://*/nfc/%s/%s", d.ticket, d.name),
				SslThumbprint: l.reg.exports.thumbprint,
				Disk:          types.NewBool(true),
				TargetId:      d.name,
			})
		}
		l.set(types.PropertyChange{Name: "initializeProgress", Val: int32(100)}, types.PropertyChange{Name: "info", Val: &info}, types.PropertyChange{Name: "state", Val: types.HttpNfcLeaseStateReady})
		l.reg.publish(l)
		l.timer = time.AfterFunc(l.timeout, l.expire)
	})
}

// expire ends a ready lease nobody reported progress on for leaseTimeout, as vCenter does.
func (l *importLease) expire() {
	simulator.Map.WithLock(l, func() {
		if l.ended {
			return
		}
		msg := fmt.Sprintf("The import lease of %s timed out: no HttpNfcLeaseProgress for %d seconds.", l.vmName, l.Info.LeaseTimeout)
		l.finish(types.HttpNfcLeaseStateError, &types.LocalizedMethodFault{Fault: &types.Timedout{}, LocalizedMessage: msg})
	})
}

// finish moves the lease to done or error and releases what it held. Caller holds the lock.
func (l *importLease) finish(state types.HttpNfcLeaseState, fault *types.LocalizedMethodFault) {
	l.ended = true
	if l.timer != nil {
		l.timer.Stop()
	}
	l.reg.unpublish(l)
	close(l.done)
	if err := os.RemoveAll(l.dir); err != nil {
		log.Printf("vcsim-ferry: cannot remove %s: %v", l.dir, err)
	}
	if state == types.HttpNfcLeaseStateError {
		for _, d := range l.disks {
			if d.uploaded {
				_ = os.Remove(flatPath(d.path))
				_ = os.Remove(d.path)
				d.uploaded = false
			}
		}
	}
	changes := []types.PropertyChange{{Name: "state", Val: state}}
	if fault != nil {
		changes = append(changes, types.PropertyChange{Name: "error", Val: fault})
	}
	l.set(changes...)
}

func (l *importLease) notReady(method string) *soap.Fault {
	msg := fmt.Sprintf("%s: the lease %s is %s, not ready", method, l.Self.Value, l.State)
	return simulator.Fault(msg, &types.InvalidState{})
}

// HttpNfcLeaseProgress records progress and renews the lease for another leaseTimeout.
func (l *importLease) HttpNfcLeaseProgress(req *types.HttpNfcLeaseProgress) soap.HasFault {
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

// HttpNfcLeaseComplete ends the import successfully. Stricter than vCenter, to catch client bugs:
// every disk must have been uploaded, or the call faults and the lease stays ready.
func (l *importLease) HttpNfcLeaseComplete(req *types.HttpNfcLeaseComplete) soap.HasFault {
	if l.State != types.HttpNfcLeaseStateReady {
		return &methods.HttpNfcLeaseCompleteBody{Fault_: l.notReady("HttpNfcLeaseComplete")}
	}
	for _, d := range l.disks {
		if !d.uploaded {
			msg := fmt.Sprintf("HttpNfcLeaseComplete: disk %s (%s) of lease %s has not been uploaded; PUT it to its URL first, or abort the lease", d.importKey, d.name, l.Self.Value)
			return &methods.HttpNfcLeaseCompleteBody{Fault_: simulator.Fault(msg, &types.InvalidState{})}
		}
	}
	l.set(types.PropertyChange{Name: "transferProgress", Val: int32(100)})
	l.finish(types.HttpNfcLeaseStateDone, nil)
	return &methods.HttpNfcLeaseCompleteBody{Res: new(types.HttpNfcLeaseCompleteResponse)}
}

// HttpNfcLeaseAbort ends the import with the caller's fault (or RequestCanceled).
func (l *importLease) HttpNfcLeaseAbort(req *types.HttpNfcLeaseAbort) soap.HasFault {
	if l.ended {
		return &methods.HttpNfcLeaseAbortBody{Fault_: l.notReady("HttpNfcLeaseAbort")}
	}
	fault := req.Fault
	if fault == nil {
		fault = &types.LocalizedMethodFault{Fault: &types.RequestCanceled{}, LocalizedMessage: "The import was aborted by the client."}
	}
	l.finish(types.HttpNfcLeaseStateError, fault)
	return &methods.HttpNfcLeaseAbortBody{Res: new(types.HttpNfcLeaseAbortResponse)}
}
