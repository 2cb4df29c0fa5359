package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// importDisk is one virtual disk of an imported VM and the upload that fills it.
type importDisk struct {
	device    *types.VirtualDisk
	deviceKey string // /vm-42/VirtualLsiLogicController0:0, as the lease's key
	importKey string // /<vm name>/VirtualLsiLogicController0:0, as the lease's importKey
	name      string // the disk's file name, also the last segment of its URL
	path      string // local path of the disk's descriptor in the datastore folder
	ticket    string // path segment that makes the URL unguessable
	uploading bool
	uploaded  bool
}

// createImportedVM creates the VM with the simulator's own CreateVM (the same call its stock
// ImportVApp makes), in req.Folder or else the VM folder of the pool's datacenter.
func createImportedVM(ctx *simulator.Context, pool types.ManagedObjectReference, req *types.ImportVApp, spec *types.VirtualMachineImportSpec) (types.ManagedObjectReference, string, *soap.Fault) {
	none := types.ManagedObjectReference{}
	if _, ok := simulator.Map.Get(pool).(*simulator.ResourcePool); !ok {
		return none, "", simulator.Fault(fmt.Sprintf("managed object not found: %s", pool), &types.ManagedObjectNotFound{Obj: pool})
	}
	folderRef := req.Folder
	if folderRef == nil {
		dc := datacenterOf(pool)
		if dc == nil {
			return none, "", simulator.Fault(fmt.Sprintf("resource pool %s is in no datacenter", pool.Value), &types.InvalidArgument{InvalidProperty: "pool"})
		}
		folderRef = &dc.VmFolder
	}
	folder, ok := simulator.Map.Get(*folderRef).(*simulator.Folder)
	if !ok {
		return none, "", simulator.Fault(fmt.Sprintf("ImportVApp: folder %s not found", folderRef.Value), &types.ManagedObjectNotFound{Obj: *folderRef})
	}
	res := folder.CreateVMTask(ctx, &types.CreateVM_Task{This: folder.Self, Config: spec.ConfigSpec, Pool: pool, Host: req.Host})
	task := simulator.Map.Get(res.(*methods.CreateVM_TaskBody).Res.Returnval).(*simulator.Task)
	if task.Info.Error != nil {
		msg := fmt.Sprintf("ImportVApp: creating VM %q failed: %s", spec.ConfigSpec.Name, task.Info.Error.LocalizedMessage)
		return none, "", simulator.Fault(msg, task.Info.Error.Fault)
	}
	return task.Info.Result.(types.ManagedObjectReference), spec.ConfigSpec.Name, nil
}

// datacenterOf walks up the inventory from an entity to its datacenter.
func datacenterOf(ref types.ManagedObjectReference) *simulator.Datacenter {
	for {
		entity, ok := simulator.Map.Get(ref).(mo.Entity)
		if !ok {
			return nil
		}
		if dc, ok := entity.(*simulator.Datacenter); ok {
			return dc
		}
		parent := entity.Entity().Parent
		if parent == nil {
			return nil
		}
		ref = *parent
	}
}

// importDisks lists the new VM's virtual disks. CreateVM leaves an empty descriptor and flat
// file for each; they are removed, as vCenter has no disk file before the upload.
func importDisks(vmRef types.ManagedObjectReference) ([]*importDisk, *soap.Fault) {
	vm := simulator.Map.Get(vmRef).(*simulator.VirtualMachine)
	var disks []*importDisk
	var fault *soap.Fault
	simulator.Map.WithLock(vm, func() {
		controllers := map[int32]types.BaseVirtualDevice{}
		for _, d := range vm.Config.Hardware.Device {
			controllers[d.GetVirtualDevice().Key] = d
		}
		for _, dev := range vm.Config.Hardware.Device {
			disk, ok := dev.(*types.VirtualDisk)
			if !ok {
				continue
			}
			backing, ok := disk.Backing.(types.BaseVirtualDeviceFileBackingInfo)
			if !ok {
				fault = simulator.Fault(fmt.Sprintf("disk %d of %s has no file backing", disk.Key, vmRef.Value), &types.NotSupported{})
				return
			}
			path, f := localPath(backing.GetVirtualDeviceFileBackingInfo().FileName)
			if f != nil {
				fault = f
				return
			}
			removeIfEmpty(path)
			removeIfEmpty(flatPath(path))
			key := deviceKey(vmRef, controllers[disk.ControllerKey], disk)
			disks = append(disks, &importDisk{
				device:    disk,
				deviceKey: key,
				importKey: "/" + vm.Name + key[strings.Index(key[1:], "/")+1:],
				name:      filepath.Base(path),
				path:      path,
			})
		}
	})
	return disks, fault
}

// flatPath names the data file of a monolithicFlat descriptor as qemu-img and ESXi write it.
func flatPath(descriptor string) string {
	return strings.TrimSuffix(descriptor, ".vmdk") + "-flat.vmdk"
}

func removeIfEmpty(path string) {
	if info, err := os.Stat(path); err == nil && info.Size() == 0 {
		_ = os.Remove(path)
	}
}
