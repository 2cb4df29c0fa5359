package main

// Guest Operations for VMs with a guest root. Debian's govmomi 0.24.2 simulator transfers guest
// files only for docker-backed VMs and has no GuestProcessManager methods at all. We replace its
// GuestFileManager and GuestProcessManager objects in the simulator's Map with ours (same managed
// object references, so ServiceContent and property reads are unchanged): the simulator still
// checks the session, dispatches by reflection and encodes replies and faults.
//
// A VM takes part when its ExtraConfig (ReconfigVM_Task) holds:
//   ferry.guestRoot      a directory on this host holding a Linux tree: the guest's "/"
//   ferry.guestUser      guest login accepted (default "root")
//   ferry.guestPassword  its password (default "ferry-guest")
// and, like vCenter, guest operations need the VM powered on (else InvalidPowerState) and VMware
// Tools running (guest.toolsRunningStatus == guestToolsRunning, else GuestOperationsUnavailable).
// The simulator never sets tools running itself; set it with the ExtraConfig key
// "SET.guest.toolsRunningStatus" = "guestToolsRunning" (the simulator's own property-setter hook).
// Programs run as `/bin/sh -c "<programPath> <arguments>"` chrooted into the root (see
// guest_process.go); files move through URLs on our HTTPS server (see guest_files.go).
// VMs without ferry.guestRoot behave exactly as the simulator made them.

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const (
	extraGuestRoot     = "ferry.guestRoot"
	extraGuestUser     = "ferry.guestUser"
	extraGuestPassword = "ferry.guestPassword"
	defaultGuestUser   = "root"
	defaultGuestPass   = "ferry-guest"
)

// guestVM is what a guest operation needs to know about its VM.
type guestVM struct {
	ref  types.ManagedObjectReference
	name string
	root string
	user string
}

// guestOps holds the running guest programs and the file transfer tickets of every guest-root VM.
type guestOps struct {
	files     *guestFiles
	processes *guestProcesses
}

// installGuestOps swaps the simulator's guest managers for ours (call after the model is created).
func installGuestOps() *guestOps {
	ops := &guestOps{files: newGuestFiles(), processes: newGuestProcesses()}
	gomRef := types.ManagedObjectReference{Type: "GuestOperationsManager", Value: "guestOperationsManager"}
	gom, ok := simulator.Map.Get(gomRef).(*simulator.GuestOperationsManager)
	if !ok || gom.FileManager == nil || gom.ProcessManager == nil {
		return ops
	}
	if fm, ok := simulator.Map.Get(*gom.FileManager).(*simulator.GuestFileManager); ok {
		simulator.Map.Put(&guestFileManager{GuestFileManager: fm, ops: ops})
	}
	if pm, ok := simulator.Map.Get(*gom.ProcessManager).(*simulator.GuestProcessManager); ok {
		simulator.Map.Put(&guestProcessManager{GuestProcessManager: pm, ops: ops})
	}
	return ops
}

// shutdown kills the guest programs still running and releases their bind mounts.
func (g *guestOps) shutdown() { g.processes.shutdown() }

func extraConfigValue(vm *simulator.VirtualMachine, key string) string {
	if vm.Config == nil {
		return ""
	}
	for _, o := range vm.Config.ExtraConfig {
		if v := o.GetOptionValue(); v.Key == key {
			if s, ok := v.Value.(string); ok {
				return s
			}
			return fmt.Sprint(v.Value)
		}
	}
	return ""
}

// lookupGuestRoot returns the VM's guest root ("" when it has none, or when it does not exist).
func lookupGuestRoot(ref types.ManagedObjectReference) string {
	vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
	if !ok {
		return ""
	}
	var root string
	simulator.Map.WithLock(vm, func() { root = extraConfigValue(vm, extraGuestRoot) })
	return root
}

// prepare runs vCenter's checks in its order: power state, tools, then the guest login.
func prepareGuest(ref types.ManagedObjectReference, auth types.BaseGuestAuthentication) (*guestVM, *soap.Fault) {
	vm, ok := simulator.Map.Get(ref).(*simulator.VirtualMachine)
	if !ok {
		return nil, simulator.Fault(fmt.Sprintf("managed object not found: %s", ref), &types.ManagedObjectNotFound{Obj: ref})
	}
	var g guestVM
	var power types.VirtualMachinePowerState
	var tools, password string
	simulator.Map.WithLock(vm, func() {
		g = guestVM{ref: ref, name: vm.Name, root: extraConfigValue(vm, extraGuestRoot), user: extraConfigValue(vm, extraGuestUser)}
		password = extraConfigValue(vm, extraGuestPassword)
		power = vm.Runtime.PowerState
		if vm.Guest != nil {
			tools = vm.Guest.ToolsRunningStatus
		}
	})
	if g.user == "" {
		g.user = defaultGuestUser
	}
	if password == "" {
		password = defaultGuestPass
	}
	if power != types.VirtualMachinePowerStatePoweredOn {
		msg := fmt.Sprintf("The attempted operation cannot be performed in the current state (%s).", powerStateLabel(power))
		return nil, simulator.Fault(msg, &types.InvalidPowerState{RequestedState: types.VirtualMachinePowerStatePoweredOn, ExistingState: power})
	}
	if tools != string(types.VirtualMachineToolsRunningStatusGuestToolsRunning) {
		return nil, simulator.Fault("The guest operations agent could not be contacted.", &types.GuestOperationsUnavailable{})
	}
	creds, ok := auth.(*types.NamePasswordAuthentication)
	if !ok || creds.Username != g.user || creds.Password != password {
		return nil, simulator.Fault("Failed to authenticate with the guest operating system using the supplied credentials.", &types.InvalidGuestLogin{})
	}
	return &g, nil
}

// notImplemented is the fault the simulator's dispatcher gives for a method it lacks.
func notImplemented(this types.ManagedObjectReference, method string) *soap.Fault {
	return simulator.Fault(fmt.Sprintf("%s does not implement: %s", this, method), &types.MethodNotFound{Receiver: this, Method: method})
}
