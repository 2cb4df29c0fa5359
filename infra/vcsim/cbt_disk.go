package main

// The disk side of changed-block tracking: what a snapshot freezes. At each snapshot of a VM the
// launcher copies every datastore-backed disk's data (the flat extent a monolithicFlat descriptor
// names, or the raw file) to a frozen extent next to it, with a descriptor naming that copy, and
// hashes it in fixed blocks. The snapshot's config then names the frozen descriptor, so reads of
// the snapshot's disk through the datastore /folder endpoint see the disk as of the snapshot while
// the VM's own file keeps changing; the hashes let QueryChangedDiskAreas compare two snapshots.

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/ioutil"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// cbtBlockSize is the tracking granularity: a changed area is reported in whole blocks.
const cbtBlockSize = 64 * 1024

// descriptorExtent matches the extent line of a monolithicFlat/VMFS descriptor: RW <sectors> FLAT "x-flat.vmdk" 0
var descriptorExtent = regexp.MustCompile(`(?m)^(RW|RDONLY)\s+(\d+)\s+(FLAT|VMFS)\s+"([^"]+)"(.*)$`)

// diskFiles is a disk as the datastore holds it: its descriptor (empty for a raw file) and its data.
type diskFiles struct {
	descriptor string // local path of the descriptor, "" when the backing file is the data itself
	data       string // local path of the flat extent (or the raw file)
	extentName string // the extent's file name as the descriptor writes it
	text       string // the descriptor's text
}

// readDiskFiles finds the data behind a backing file: a small text descriptor names its flat extent.
func readDiskFiles(path string) (diskFiles, error) {
	info, err := os.Stat(path)
	if err != nil {
		return diskFiles{}, err
	}
	if info.Size() > 0 && info.Size() < 64*1024 {
		text, err := ioutil.ReadFile(path)
		if err != nil {
			return diskFiles{}, err
		}
		if bytes.HasPrefix(text, []byte("# Disk DescriptorFile")) {
			match := descriptorExtent.FindStringSubmatch(string(text))
			if match == nil {
				return diskFiles{}, fmt.Errorf("%s: a descriptor without a flat extent line (only monolithicFlat/VMFS disks are tracked)", path)
			}
			return diskFiles{descriptor: path, data: filepath.Join(filepath.Dir(path), match[4]), extentName: match[4], text: string(text)}, nil
		}
	}
	return diskFiles{data: path}, nil
}

// frozenDisk is one disk as one snapshot froze it.
type frozenDisk struct {
	hashes    [][32]byte // per cbtBlockSize block of the disk's capacity
	allocated []bool     // the block holds a non-zero byte
	files     []string   // local files of the frozen copy (removed with the snapshot)
	fileName  string     // "[ds] folder/x-ferrysnap-N.vmdk": what the snapshot's config names
}

var zeroBlock = make([]byte, cbtBlockSize)

// freezeDisk copies the disk's data (holes stay holes) under a name tagged with `tag` and hashes it
// block by block over `capacity` bytes (past the end of a short file reads as zeros).
func freezeDisk(backingFileName, localPath, tag string, capacity int64) (*frozenDisk, error) {
	files, err := readDiskFiles(localPath)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(localPath)
	base := strings.TrimSuffix(filepath.Base(localPath), ".vmdk")
	frozenData := filepath.Join(dir, fmt.Sprintf("%s-ferrysnap-%s-flat.vmdk", base, tag))
	frozen := &frozenDisk{files: []string{frozenData}}
	if err := copyAndHash(files.data, frozenData, capacity, frozen); err != nil {
		os.Remove(frozenData)
		return nil, err
	}
	frozenName := filepath.Base(frozenData)
	if files.descriptor != "" {
		descriptor := filepath.Join(dir, fmt.Sprintf("%s-ferrysnap-%s.vmdk", base, tag))
		text := strings.Replace(files.text, `"`+files.extentName+`"`, `"`+filepath.Base(frozenData)+`"`, 1)
		if err := ioutil.WriteFile(descriptor, []byte(text), 0o600); err != nil {
			os.Remove(frozenData)
			return nil, err
		}
		frozen.files = append(frozen.files, descriptor)
		frozenName = filepath.Base(descriptor)
	}
	folder := backingFileName[:strings.LastIndex(backingFileName, "/")+1]
	if folder == "" { // "[ds] file.vmdk": the file sits at the datastore's top
		folder = backingFileName[:strings.Index(backingFileName, "]")+1] + " "
	}
	frozen.fileName = folder + frozenName
	return frozen, nil
}

func copyAndHash(from, to string, capacity int64, frozen *frozenDisk) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	blocks := (capacity + cbtBlockSize - 1) / cbtBlockSize
	frozen.hashes = make([][32]byte, blocks)
	frozen.allocated = make([]bool, blocks)
	buf := make([]byte, cbtBlockSize)
	for i := int64(0); i < blocks; i++ {
		n, err := io.ReadFull(in, buf)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return err
		}
		for j := n; j < len(buf); j++ {
			buf[j] = 0
		}
		length := int64(cbtBlockSize)
		if rest := capacity - i*cbtBlockSize; rest < length {
			length = rest
		}
		block := buf[:length]
		frozen.hashes[i] = sha256.Sum256(block)
		if !bytes.Equal(block, zeroBlock[:length]) {
			frozen.allocated[i] = true
			if _, err := out.WriteAt(block, i*cbtBlockSize); err != nil {
				return err
			}
		}
	}
	// The copy is as long as the disk, holes included.
	return out.Truncate(capacity)
}

// changedAreas lists the blocks that differ between two freezes of a disk (or, with since == nil,
// the allocated blocks) as merged [start, length] byte areas from `from` to the disk's end.
func changedAreas(now, since *frozenDisk, capacity, from int64) [][2]int64 {
	var areas [][2]int64
	for i := from / cbtBlockSize; i < int64(len(now.hashes)); i++ {
		changed := now.allocated[i]
		if since != nil {
			changed = i >= int64(len(since.hashes)) || since.hashes[i] != now.hashes[i]
		}
		if !changed {
			continue
		}
		start := i * cbtBlockSize
		length := int64(cbtBlockSize)
		if rest := capacity - start; rest < length {
			length = rest
		}
		if n := len(areas); n > 0 && areas[n-1][0]+areas[n-1][1] == start {
			areas[n-1][1] += length
		} else {
			areas = append(areas, [2]int64{start, length})
		}
	}
	return areas
}
