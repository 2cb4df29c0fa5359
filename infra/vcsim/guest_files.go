package main

// GuestFileManager for guest-root VMs (see guest_ops.go): directories are made and files deleted
// in the tree directly; InitiateFileTransferTo/FromGuest hand out a single-use URL
// https://*:443/ferry-guestFile/<ticket> (ESX names its own host "*"; clients substitute the
// server they talk to) that our HTTPS server answers with PUT (write) or GET (read).

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const guestFilePrefix = "/ferry-guestFile/"

// A transfer ticket: one PUT into (or one GET of) one file of one guest tree.
type guestTransfer struct {
	upload    bool
	hostPath  string
	guestPath string
	size      int64
	mode      os.FileMode
	owner     *int32
	group     *int32
	mtime     *time.Time
	overwrite bool
	expires   time.Time
}

type guestFiles struct {
	mu      sync.Mutex
	tickets map[string]*guestTransfer
}

func newGuestFiles() *guestFiles { return &guestFiles{tickets: map[string]*guestTransfer{}} }

func (f *guestFiles) add(t *guestTransfer) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	t.expires = time.Now().Add(10 * time.Minute)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tickets[id] = t
	return id
}

// take removes and returns a ticket (tickets are single-use, like vCenter's).
func (f *guestFiles) take(id string) *guestTransfer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.tickets[id]
	delete(f.tickets, id)
	if t != nil && time.Now().After(t.expires) {
		return nil
	}
	return t
}

// hostPath maps an absolute guest path into the tree (lexically: ".." cannot leave the root).
func hostPath(g *guestVM, guestPath string) (string, *soap.Fault) {
	if !path.IsAbs(guestPath) {
		return "", simulator.Fault("guest path must be absolute: "+guestPath, &types.InvalidArgument{InvalidProperty: "guestFilePath"})
	}
	return filepath.Join(g.root, path.Clean(guestPath)), nil
}

func fileNotFound(p string) *soap.Fault {
	return simulator.Fault("File "+p+" was not found", &types.FileNotFound{FileFault: types.FileFault{File: p}})
}

func fileExists(p string) *soap.Fault {
	return simulator.Fault("File "+p+" already exists", &types.FileAlreadyExists{FileFault: types.FileFault{File: p}})
}

func notAFile(p string) *soap.Fault {
	return simulator.Fault(p+" is not a file", &types.NotAFile{FileFault: types.FileFault{File: p}})
}

func ioFault(p string, err error) *soap.Fault {
	return simulator.Fault(err.Error(), &types.CannotAccessFile{FileFault: types.FileFault{File: p}})
}

// guestFileManager replaces the simulator's GuestFileManager; VMs without a guest root go to it.
type guestFileManager struct {
	*simulator.GuestFileManager
	ops *guestOps
}

func (m *guestFileManager) InitiateFileTransferToGuest(ctx *simulator.Context, req *types.InitiateFileTransferToGuest) soap.HasFault {
	if lookupGuestRoot(req.Vm) == "" {
		return m.GuestFileManager.InitiateFileTransferToGuest(ctx, req)
	}
	body := &methods.InitiateFileTransferToGuestBody{}
	g, fault := prepareGuest(req.Vm, req.Auth)
	if fault == nil {
		var p string
		if p, fault = hostPath(g, req.GuestFilePath); fault == nil {
			fault = checkUploadTarget(p, req.GuestFilePath, req.Overwrite)
			if fault == nil {
				t := &guestTransfer{upload: true, hostPath: p, guestPath: req.GuestFilePath, size: req.FileSize, mode: 0o644, overwrite: req.Overwrite}
				if a, ok := req.FileAttributes.(*types.GuestPosixFileAttributes); ok {
					if a.Permissions != 0 {
						t.mode = os.FileMode(a.Permissions) & os.ModePerm
					}
					t.owner, t.group, t.mtime = a.OwnerId, a.GroupId, a.ModificationTime
				}
				body.Res = &types.InitiateFileTransferToGuestResponse{Returnval: "https://*:443" + guestFilePrefix + m.ops.files.add(t)}
				return body
			}
		}
	}
	body.Fault_ = fault
	return body
}

// checkUploadTarget: the parent must be a directory; an existing target must be a file and overwritable.
func checkUploadTarget(p, guestPath string, overwrite bool) *soap.Fault {
	if st, err := os.Stat(filepath.Dir(p)); err != nil || !st.IsDir() {
		return fileNotFound(path.Dir(guestPath))
	}
	if st, err := os.Lstat(p); err == nil {
		if st.IsDir() {
			return notAFile(guestPath)
		}
		if !overwrite {
			return fileExists(guestPath)
		}
	}
	return nil
}

func (m *guestFileManager) InitiateFileTransferFromGuest(ctx *simulator.Context, req *types.InitiateFileTransferFromGuest) soap.HasFault {
	if lookupGuestRoot(req.Vm) == "" {
		return m.GuestFileManager.InitiateFileTransferFromGuest(ctx, req)
	}
	body := &methods.InitiateFileTransferFromGuestBody{}
	g, fault := prepareGuest(req.Vm, req.Auth)
	if fault == nil {
		var p string
		if p, fault = hostPath(g, req.GuestFilePath); fault == nil {
			st, err := os.Stat(p)
			switch {
			case err != nil:
				fault = fileNotFound(req.GuestFilePath)
			case !st.Mode().IsRegular():
				fault = notAFile(req.GuestFilePath)
			default:
				id := m.ops.files.add(&guestTransfer{hostPath: p, guestPath: req.GuestFilePath, size: st.Size()})
				body.Res = &types.InitiateFileTransferFromGuestResponse{Returnval: types.FileTransferInformation{
					Attributes: posixAttributes(st),
					Size:       st.Size(),
					Url:        "https://*:443" + guestFilePrefix + id,
				}}
				return body
			}
		}
	}
	body.Fault_ = fault
	return body
}

func (m *guestFileManager) MakeDirectoryInGuest(ctx *simulator.Context, req *types.MakeDirectoryInGuest) soap.HasFault {
	if lookupGuestRoot(req.Vm) == "" {
		return &methods.MakeDirectoryInGuestBody{Fault_: notImplemented(m.Reference(), "MakeDirectoryInGuest")}
	}
	body := &methods.MakeDirectoryInGuestBody{}
	g, fault := prepareGuest(req.Vm, req.Auth)
	if fault == nil {
		var p string
		if p, fault = hostPath(g, req.DirectoryPath); fault == nil {
			fault = makeDirectory(p, req.DirectoryPath, req.CreateParentDirectories)
		}
	}
	if fault != nil {
		body.Fault_ = fault
	} else {
		body.Res = &types.MakeDirectoryInGuestResponse{}
	}
	return body
}

func makeDirectory(p, guestPath string, parents bool) *soap.Fault {
	if _, err := os.Lstat(p); err == nil {
		return fileExists(guestPath)
	}
	var err error
	if parents {
		err = os.MkdirAll(p, 0o755)
	} else if st, serr := os.Stat(filepath.Dir(p)); serr != nil || !st.IsDir() {
		return fileNotFound(path.Dir(guestPath))
	} else {
		err = os.Mkdir(p, 0o755)
	}
	if err != nil {
		return ioFault(guestPath, err)
	}
	return nil
}

func (m *guestFileManager) DeleteFileInGuest(ctx *simulator.Context, req *types.DeleteFileInGuest) soap.HasFault {
	if lookupGuestRoot(req.Vm) == "" {
		return &methods.DeleteFileInGuestBody{Fault_: notImplemented(m.Reference(), "DeleteFileInGuest")}
	}
	body := &methods.DeleteFileInGuestBody{}
	g, fault := prepareGuest(req.Vm, req.Auth)
	if fault == nil {
		var p string
		if p, fault = hostPath(g, req.FilePath); fault == nil {
			st, err := os.Lstat(p)
			switch {
			case err != nil:
				fault = fileNotFound(req.FilePath)
			case st.IsDir():
				fault = notAFile(req.FilePath)
			default:
				if err := os.Remove(p); err != nil {
					fault = ioFault(req.FilePath, err)
				}
			}
		}
	}
	if fault != nil {
		body.Fault_ = fault
	} else {
		body.Res = &types.DeleteFileInGuestResponse{}
	}
	return body
}

func posixAttributes(st os.FileInfo) *types.GuestPosixFileAttributes {
	mtime := st.ModTime()
	a := &types.GuestPosixFileAttributes{Permissions: int64(st.Mode().Perm())}
	a.ModificationTime = &mtime
	if owner, group, ok := fileOwner(st); ok {
		a.OwnerId, a.GroupId = &owner, &group
	}
	return a
}
