package main

// Changed-block tracking for the simulator's SOAP endpoint. Debian's govmomi 0.24.2 simulator keeps
// changeTrackingEnabled (ReconfigVM) and makes snapshots, but has no QueryChangedDiskAreas and its
// snapshots do not freeze any disk data. This layer:
//   - after CreateSnapshot_Task: freezes every disk (cbt_disk.go) and names the frozen copies and
//     their changeIds in the snapshot's config, as vCenter's snapshot config names the base disks;
//   - after RemoveSnapshot_Task / RemoveAllSnapshots_Task: removes the frozen copies;
//   - QueryChangedDiskAreas on VirtualMachine:vm-N: re-addressed (like ExportVm) to FerryVmCbt:vm-N;
//   - ReconfigVM_Task switching CBT on for a VM below hardware version 7 (vCenter's minimum for CBT):
//     re-addressed so the task fails with that reason; switching it off resets the change epoch.

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const cbtType = "FerryVmCbt"

// vmCbt receives the re-addressed calls of one VM.
type vmCbt struct {
	self types.ManagedObjectReference
	reg  *cbtRegistry
}

func (c *vmCbt) Reference() types.ManagedObjectReference { return c.self }

func (c *vmCbt) vmRef() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "VirtualMachine", Value: c.self.Value}
}

// QueryChangedDiskAreas reports the areas of a disk that changed between the snapshot whose changeId
// is given and `snapshot` ("*": every allocated area of the snapshot's disk), from startOffset on.
func (c *vmCbt) QueryChangedDiskAreas(ctx *simulator.Context, req *types.QueryChangedDiskAreas) soap.HasFault {
	fail := func(msg string, fault types.BaseMethodFault) soap.HasFault {
		return &methods.QueryChangedDiskAreasBody{Fault_: simulator.Fault(msg, fault)}
	}
	vm, ok := simulator.Map.Get(c.vmRef()).(*simulator.VirtualMachine)
	if !ok {
		return fail(fmt.Sprintf("managed object not found: %s", c.vmRef()), &types.ManagedObjectNotFound{Obj: c.vmRef()})
	}
	var tracking bool
	var diskFile string
	simulator.Map.WithLock(vm, func() {
		tracking = vm.Config.ChangeTrackingEnabled != nil && *vm.Config.ChangeTrackingEnabled
		for _, dev := range vm.Config.Hardware.Device {
			if backing, ok := diskBacking(dev); ok && dev.GetVirtualDevice().Key == req.DeviceKey {
				diskFile = backing.FileName
			}
		}
	})
	if diskFile == "" {
		return fail(fmt.Sprintf("A specified parameter was not correct: deviceKey (%s has no virtual disk %d)", c.self.Value, req.DeviceKey), &types.InvalidArgument{InvalidProperty: "deviceKey"})
	}
	if !tracking {
		msg := fmt.Sprintf("Error caused by file %s: changed block tracking is not enabled on %s; enable it (ReconfigVM with changeTrackingEnabled) and take a new snapshot", diskFile, c.self.Value)
		return fail(msg, &types.FileFault{File: diskFile})
	}
	if req.Snapshot == nil {
		return fail("A specified parameter was not correct: snapshot (query the changes of a snapshot of the running VM)", &types.InvalidArgument{InvalidProperty: "snapshot"})
	}
	now := c.reg.snapshotPoint(req.Snapshot.Value, req.DeviceKey)
	if now == nil || now.vm != c.self.Value || now.epoch == "" {
		msg := fmt.Sprintf("A specified parameter was not correct: snapshot (%s is not a snapshot of %s taken with changed block tracking on)", req.Snapshot.Value, c.self.Value)
		return fail(msg, &types.InvalidArgument{InvalidProperty: "snapshot"})
	}
	if req.StartOffset < 0 || req.StartOffset >= now.capacity {
		return fail(fmt.Sprintf("A specified parameter was not correct: startOffset (%d is outside disk %d of %d bytes)", req.StartOffset, req.DeviceKey, now.capacity), &types.InvalidArgument{InvalidProperty: "startOffset"})
	}
	since, problem := c.reg.sincePoint(req.ChangeId, now)
	if problem != "" {
		return fail("A specified parameter was not correct: changeId ("+problem+")", &types.InvalidArgument{InvalidProperty: "changeId"})
	}
	var sinceDisk *frozenDisk
	if since != nil {
		sinceDisk = since.disk
	}
	info := types.DiskChangeInfo{StartOffset: req.StartOffset, Length: now.capacity - req.StartOffset}
	for _, area := range changedAreas(now.disk, sinceDisk, now.capacity, req.StartOffset) {
		start, length := area[0], area[1]
		if start < req.StartOffset {
			length -= req.StartOffset - start
			start = req.StartOffset
		}
		info.ChangedArea = append(info.ChangedArea, types.DiskChangeExtent{Start: start, Length: length})
	}
	return &methods.QueryChangedDiskAreasBody{Res: &types.QueryChangedDiskAreasResponse{Returnval: info}}
}

// ReconfigVMTask answers a CBT switch-on the VM's hardware cannot take with a failed task.
func (c *vmCbt) ReconfigVMTask(ctx *simulator.Context, req *types.ReconfigVM_Task) soap.HasFault {
	vm, ok := simulator.Map.Get(c.vmRef()).(*simulator.VirtualMachine)
	if !ok {
		return &methods.ReconfigVM_TaskBody{Fault_: simulator.Fault(fmt.Sprintf("managed object not found: %s", c.vmRef()), &types.ManagedObjectNotFound{Obj: c.vmRef()})}
	}
	version := vmVersion(vm)
	msg := fmt.Sprintf("Changed block tracking cannot be enabled on %s: its virtual hardware version is %s and changed block tracking needs vmx-07 or later; upgrade the VM's compatibility (UpgradeVM)", vm.Name, version)
	fault := &types.GenericVmConfigFault{Reason: msg}
	task := simulator.CreateTask(vm, "reconfigVM", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) { return nil, fault })
	ref := task.Run()
	simulator.Map.Update(task, []types.PropertyChange{{Name: "info.error", Val: types.LocalizedMethodFault{Fault: fault, LocalizedMessage: msg}}})
	return &methods.ReconfigVM_TaskBody{Res: &types.ReconfigVM_TaskResponse{Returnval: ref}}
}

var vmxNumber = regexp.MustCompile(`^vmx-(\d+)$`)

func vmVersion(vm *simulator.VirtualMachine) string {
	var version string
	simulator.Map.WithLock(vm, func() { version = vm.Config.Version })
	return version
}

// hardwareBelow7 tells whether a "vmx-NN" version is older than vmx-07.
func hardwareBelow7(version string) bool {
	m := vmxNumber.FindStringSubmatch(version)
	if m == nil {
		return false
	}
	n, _ := strconv.Atoi(m[1])
	return n < 7
}

var thisVirtualMachine = regexp.MustCompile(`(<_this[^>]*type=")VirtualMachine(")`)

// cbtHTTP wraps the simulator's /sdk endpoint (see the file comment).
func cbtHTTP(next http.Handler, reg *cbtRegistry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := soapCall(w, r, next)
		if !ok {
			return
		}
		restore := func(b []byte) { setBody(r, b) }
		if !bytes.Contains(body, []byte("Snapshot")) && !bytes.Contains(body, []byte("QueryChangedDiskAreas")) && !bytes.Contains(body, []byte("ReconfigVM_Task")) {
			next.ServeHTTP(w, r)
			return
		}
		method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		switch method.Name {
		case "QueryChangedDiskAreas":
			if method.This.Type == "VirtualMachine" {
				reg.ensureHandler(method.This.Value)
				restore(thisVirtualMachine.ReplaceAll(body, []byte("${1}"+cbtType+"${2}")))
			}
			next.ServeHTTP(w, r)
		case "ReconfigVM_Task":
			reconfigure(w, r, next, reg, method, body, restore)
		case "CreateSnapshot_Task":
			afterTask(w, r, next, func(result types.AnyType) {
				if snap, ok := result.(types.ManagedObjectReference); ok {
					if err := reg.freezeSnapshot(method.This, snap); err != nil {
						log.Printf("vcsim-ferry: snapshot %s of %s: %v", snap.Value, method.This.Value, err)
					}
				}
			})
		case "RemoveSnapshot_Task":
			afterTask(w, r, next, func(types.AnyType) { reg.releaseSnapshot(method.This.Value) })
		case "RemoveAllSnapshots_Task":
			afterTask(w, r, next, func(types.AnyType) {
				for _, snap := range reg.snapshotsOf(method.This.Value) {
					reg.releaseSnapshot(snap)
				}
			})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func reconfigure(w http.ResponseWriter, r *http.Request, next http.Handler, reg *cbtRegistry, method *simulator.Method, body []byte, restore func([]byte)) {
	req, ok := method.Body.(*types.ReconfigVM_Task)
	if !ok || req.Spec.ChangeTrackingEnabled == nil {
		next.ServeHTTP(w, r)
		return
	}
	if !*req.Spec.ChangeTrackingEnabled {
		next.ServeHTTP(w, r)
		reg.resetVM(method.This.Value)
		return
	}
	if vm, ok := simulator.Map.Get(method.This).(*simulator.VirtualMachine); ok && hardwareBelow7(vmVersion(vm)) {
		reg.ensureHandler(method.This.Value)
		restore(thisVirtualMachine.ReplaceAll(body, []byte("${1}"+cbtType+"${2}")))
	}
	next.ServeHTTP(w, r)
}

// afterTask runs the simulator's (synchronous) task, then `then` with its result once it succeeded,
// before the client hears of the task.
func afterTask(w http.ResponseWriter, r *http.Request, next http.Handler, then func(types.AnyType)) {
	recorded := httptest.NewRecorder()
	next.ServeHTTP(recorded, r)
	reply := recorded.Body.Bytes()
	if m := taskReturn.FindSubmatch(reply); m != nil {
		if task, ok := simulator.Map.Get(types.ManagedObjectReference{Type: "Task", Value: string(m[1])}).(*simulator.Task); ok {
			var state types.TaskInfoState
			var result types.AnyType
			simulator.Map.WithLock(task, func() { state, result = task.Info.State, task.Info.Result })
			if state == types.TaskInfoStateSuccess {
				then(result)
			}
		}
	}
	for key, values := range recorded.Header() {
		w.Header()[key] = values
	}
	w.WriteHeader(recorded.Code)
	_, _ = w.Write(reply)
}

var taskReturn = regexp.MustCompile(`<returnval type="Task">([^<]+)</returnval>`)

// ensureHandler registers FerryVmCbt:<vm> so a re-addressed call finds its handler.
func (reg *cbtRegistry) ensureHandler(vm string) {
	ref := types.ManagedObjectReference{Type: cbtType, Value: vm}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if simulator.Map.Get(ref) == nil {
		simulator.Map.Put(&vmCbt{self: ref, reg: reg})
	}
}
