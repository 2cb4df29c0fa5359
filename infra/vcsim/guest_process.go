package main

// GuestProcessManager for guest-root VMs (see guest_ops.go). StartProgramInGuest runs, like
// VMware Tools on Linux, `/bin/sh -c "<programPath> <arguments>"`, here chrooted into the guest
// root, in the requested working directory (default "/") with PATH, HOME and the requested
// environment, in a network namespace of its own (loopback only); output is discarded as Tools
// does. For the time any program of a root runs, the
// host's /proc, /sys and /dev are bind-mounted into it (package scripts need them) and lazily
// unmounted when its last program ends. ListProcessesInGuest reports the programs started this
// way (not every process of the host), with endTime and exitCode once they ended.

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type guestProcess struct {
	vm    types.ManagedObjectReference
	info  types.GuestProcessInfo
	cmd   *exec.Cmd
	ended bool
}

type guestProcesses struct {
	mu     sync.Mutex
	byPid  map[int64]*guestProcess
	mounts map[string]*rootMounts
}

func newGuestProcesses() *guestProcesses {
	return &guestProcesses{byPid: map[int64]*guestProcess{}, mounts: map[string]*rootMounts{}}
}

// guestProcessManager replaces the simulator's GuestProcessManager (which has no methods).
type guestProcessManager struct {
	*simulator.GuestProcessManager
	ops *guestOps
}

// admit runs vCenter's checks for a process call on vm: MethodNotFound for a VM without a guest
// root (the simulator has no process manager of its own), then power state, tools and guest login.
func (m *guestProcessManager) admit(method string, vm types.ManagedObjectReference, auth types.BaseGuestAuthentication) (*guestVM, *soap.Fault) {
	if lookupGuestRoot(vm) == "" {
		return nil, notImplemented(m.Reference(), method)
	}
	return prepareGuest(vm, auth)
}

func (m *guestProcessManager) StartProgramInGuest(ctx *simulator.Context, req *types.StartProgramInGuest) soap.HasFault {
	body := &methods.StartProgramInGuestBody{}
	g, fault := m.admit("StartProgramInGuest", req.Vm, req.Auth)
	if fault == nil {
		spec, ok := req.Spec.(*types.GuestProgramSpec)
		if !ok {
			fault = simulator.Fault("spec must be a GuestProgramSpec", &types.InvalidArgument{InvalidProperty: "spec"})
		} else {
			var pid int64
			pid, fault = m.ops.processes.start(g, spec)
			if fault == nil {
				body.Res = &types.StartProgramInGuestResponse{Returnval: pid}
				return body
			}
		}
	}
	body.Fault_ = fault
	return body
}

func (m *guestProcessManager) ListProcessesInGuest(ctx *simulator.Context, req *types.ListProcessesInGuest) soap.HasFault {
	body := &methods.ListProcessesInGuestBody{}
	if _, fault := m.admit("ListProcessesInGuest", req.Vm, req.Auth); fault != nil {
		body.Fault_ = fault
		return body
	}
	body.Res = &types.ListProcessesInGuestResponse{Returnval: m.ops.processes.list(req.Vm, req.Pids)}
	return body
}

func (m *guestProcessManager) TerminateProcessInGuest(ctx *simulator.Context, req *types.TerminateProcessInGuest) soap.HasFault {
	body := &methods.TerminateProcessInGuestBody{}
	if _, fault := m.admit("TerminateProcessInGuest", req.Vm, req.Auth); fault != nil {
		body.Fault_ = fault
		return body
	}
	if !m.ops.processes.terminate(req.Vm, req.Pid) {
		body.Fault_ = simulator.Fault(fmt.Sprintf("The process %d was not found in the guest.", req.Pid), &types.GuestProcessNotFound{Pid: req.Pid})
		return body
	}
	body.Res = &types.TerminateProcessInGuestResponse{}
	return body
}

func (p *guestProcesses) start(g *guestVM, spec *types.GuestProgramSpec) (int64, *soap.Fault) {
	program, fault := hostPath(g, spec.ProgramPath)
	if fault != nil {
		return 0, fault
	}
	if st, err := os.Stat(program); err != nil || st.IsDir() {
		return 0, fileNotFound(spec.ProgramPath)
	}
	dir := spec.WorkingDirectory
	if dir == "" {
		dir = "/"
	}
	if hostDir, fault := hostPath(g, dir); fault != nil {
		return 0, fault
	} else if st, err := os.Stat(hostDir); err != nil || !st.IsDir() {
		return 0, fileNotFound(dir)
	}
	cmdLine := fmt.Sprintf("%q %s", spec.ProgramPath, spec.Arguments)
	cmd := exec.Command("/bin/sh", "-c", spec.ProgramPath+" "+spec.Arguments)
	cmd.Dir = dir // applied after the chroot
	cmd.Env = append([]string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C", "USER=" + g.user}, spec.EnvVariables...)
	// A network namespace of its own (loopback only): the simulator has no guest NICs, and the host's
	// interfaces must not show up as the guest's in `ip` output.
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: g.root, Setpgid: true, Cloneflags: syscall.CLONE_NEWNET}

	p.mu.Lock()
	defer p.mu.Unlock()
	mounts := p.mounts[g.root]
	if mounts == nil {
		mounts = &rootMounts{root: g.root}
		p.mounts[g.root] = mounts
	}
	if err := mounts.acquire(); err != nil {
		return 0, simulator.Fault(err.Error(), &types.SystemError{Reason: err.Error()})
	}
	if err := cmd.Start(); err != nil {
		mounts.release()
		return 0, simulator.Fault(fmt.Sprintf("cannot start %s: %v", spec.ProgramPath, err), &types.SystemError{Reason: err.Error()})
	}
	pid := int64(cmd.Process.Pid)
	proc := &guestProcess{vm: g.ref, cmd: cmd, info: types.GuestProcessInfo{Name: path.Base(spec.ProgramPath), Pid: pid, Owner: g.user, CmdLine: cmdLine, StartTime: time.Now()}}
	p.byPid[pid] = proc
	go p.wait(proc, mounts)
	return pid, nil
}

func (p *guestProcesses) wait(proc *guestProcess, mounts *rootMounts) {
	err := proc.cmd.Wait()
	code := int32(0)
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int32(ws.Signal())
		} else {
			code = int32(ee.ExitCode())
		}
	} else if err != nil {
		code = -1
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	end := time.Now()
	proc.info.EndTime, proc.info.ExitCode, proc.ended = &end, code, true
	mounts.release()
}

func (p *guestProcesses) list(vm types.ManagedObjectReference, pids []int64) []types.GuestProcessInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	want := map[int64]bool{}
	for _, pid := range pids {
		want[pid] = true
	}
	list := []types.GuestProcessInfo{}
	for pid, proc := range p.byPid {
		if proc.vm == vm && (len(want) == 0 || want[pid]) {
			list = append(list, proc.info)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Pid < list[j].Pid })
	return list
}

func (p *guestProcesses) terminate(vm types.ManagedObjectReference, pid int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	proc := p.byPid[pid]
	if proc == nil || proc.vm != vm {
		return false
	}
	if !proc.ended {
		_ = syscall.Kill(-int(pid), syscall.SIGKILL)
	}
	return true
}

// shutdown kills every running program and waits (briefly) until their mounts are released.
func (p *guestProcesses) shutdown() {
	p.mu.Lock()
	for pid, proc := range p.byPid {
		if !proc.ended {
			_ = syscall.Kill(-int(pid), syscall.SIGKILL)
		}
	}
	p.mu.Unlock()
	deadline := time.Now().Add(3 * time.Second) // the test launcher sends SIGKILL after 5 s
	for time.Now().Before(deadline) {
		p.mu.Lock()
		busy := false
		for _, m := range p.mounts {
			busy = busy || m.users > 0
		}
		p.mu.Unlock()
		if !busy {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.mounts {
		m.users = 1
		m.release()
	}
}

// rootMounts counts the programs running in one root and holds the bind mounts made for them.
type rootMounts struct {
	root  string
	users int
	made  []string
}

func (m *rootMounts) acquire() error {
	m.users++
	if m.users > 1 {
		return nil
	}
	for _, dir := range []string{"proc", "sys", "dev"} {
		target := filepath.Join(m.root, dir)
		if err := os.MkdirAll(target, 0o755); err != nil {
			m.release()
			return err
		}
		if isMountPoint(target) {
			continue // someone else mounted it (a chroot channel): leave it to them
		}
		// Not recursive (like `mount --bind`): detaching a recursive copy could propagate to the host's submounts.
		if err := syscall.Mount("/"+dir, target, "", syscall.MS_BIND, ""); err != nil {
			m.release()
			return fmt.Errorf("cannot bind-mount /%s into the guest root %s: %v (vcsim must run as root for guest programs)", dir, m.root, err)
		}
		m.made = append(m.made, target)
	}
	return nil
}

func (m *rootMounts) release() {
	m.users--
	if m.users > 0 {
		return
	}
	m.users = 0
	for i := len(m.made) - 1; i >= 0; i-- {
		// Lazy: a daemon a package script left behind must not keep the mount busy.
		_ = syscall.Unmount(m.made[i], syscall.MNT_DETACH)
	}
	m.made = nil
}

func isMountPoint(target string) bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	abs, _ := filepath.Abs(target)
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 4 && fields[4] == abs {
			return true
		}
	}
	return false
}
