package main

// The HTTPS side of guest file transfers (see guest_files.go): PUT /ferry-guestFile/<ticket>
// writes the file into the guest tree (through a temporary file renamed into place, then the
// requested mode, owner and modification time); GET /ferry-guestFile/<ticket> reads it.

import (
	"fmt"
	"io"
	"io/ioutil"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func guestHTTP(next http.Handler, g *guestOps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, guestFilePrefix) {
			next.ServeHTTP(w, r)
			return
		}
		t := g.files.take(strings.TrimPrefix(r.URL.Path, guestFilePrefix))
		switch {
		case t == nil:
			http.Error(w, "unknown or expired guest file transfer ticket", http.StatusNotFound)
		case t.upload && r.Method == http.MethodPut:
			receiveGuestFile(w, r, t)
		case !t.upload && r.Method == http.MethodGet:
			http.ServeFile(w, r, t.hostPath)
		default:
			http.Error(w, fmt.Sprintf("%s not allowed on this ticket", r.Method), http.StatusMethodNotAllowed)
		}
	})
}

func receiveGuestFile(w http.ResponseWriter, r *http.Request, t *guestTransfer) {
	if !t.overwrite {
		if _, err := os.Lstat(t.hostPath); err == nil {
			http.Error(w, t.guestPath+" already exists", http.StatusConflict)
			return
		}
	}
	tmp, err := ioutil.TempFile(filepath.Dir(t.hostPath), ".ferry-upload-")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if n != t.size {
		http.Error(w, fmt.Sprintf("%s: got %d bytes, InitiateFileTransferToGuest announced fileSize %d", t.guestPath, n, t.size), http.StatusBadRequest)
		return
	}
	if err := applyAttributes(tmp.Name(), t); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := os.Rename(tmp.Name(), t.hostPath); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func applyAttributes(p string, t *guestTransfer) error {
	if err := os.Chmod(p, t.mode); err != nil {
		return err
	}
	if t.owner != nil || t.group != nil {
		uid, gid := -1, -1
		if t.owner != nil {
			uid = int(*t.owner)
		}
		if t.group != nil {
			gid = int(*t.group)
		}
		if err := os.Lchown(p, uid, gid); err != nil {
			return err
		}
	}
	if t.mtime != nil {
		return os.Chtimes(p, time.Now(), *t.mtime)
	}
	return nil
}

func fileOwner(st os.FileInfo) (int32, int32, bool) {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int32(s.Uid), int32(s.Gid), true
}
