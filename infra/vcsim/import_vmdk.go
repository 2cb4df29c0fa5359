package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// streamOptimized header fields (VMware Virtual Disk Format 5.0, SparseExtentHeader).
const (
	sparseMagic      = 0x564d444b // "KDMV"
	flagCompressed   = 1 << 16
	flagMarkers      = 1 << 17
	compressDeflate  = 1
	sparseHeaderSize = 512
)

// checkStreamVmdk accepts only a binary streamOptimized VMDK and returns its virtual size. The
// header is checked before qemu-img opens the file: a text descriptor would make qemu-img follow
// whatever extent paths the uploader wrote into it.
func checkStreamVmdk(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	header := make([]byte, sparseHeaderSize)
	_, err = io.ReadFull(f, header)
	_ = f.Close()
	if err != nil {
		return 0, errors.New("not a streamOptimized VMDK: the body is shorter than a VMDK header (512 bytes)")
	}
	if binary.LittleEndian.Uint32(header[0:]) != sparseMagic {
		return 0, fmt.Errorf("not a streamOptimized VMDK: the body starts with %q, not the sparse VMDK magic \"KDMV\"", header[:4])
	}
	flags := binary.LittleEndian.Uint32(header[8:])
	if flags&flagCompressed == 0 || flags&flagMarkers == 0 || binary.LittleEndian.Uint16(header[77:]) != compressDeflate {
		return 0, errors.New("not a streamOptimized VMDK: a sparse VMDK without deflated grains and markers (monolithicSparse?)")
	}
	out, err := exec.Command("qemu-img", "info", "--output=json", "-f", "vmdk", path).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("not a readable streamOptimized VMDK: qemu-img info: %s", strings.TrimSpace(string(out)))
	}
	var info struct {
		VirtualSize    int64 `json:"virtual-size"`
		FormatSpecific struct {
			Data struct {
				CreateType string `json:"create-type"`
			} `json:"data"`
		} `json:"format-specific"`
	}
	if err := json.Unmarshal(out, &info); err != nil {
		return 0, fmt.Errorf("qemu-img info gave no JSON: %v", err)
	}
	if info.FormatSpecific.Data.CreateType != "streamOptimized" {
		return 0, fmt.Errorf("not a streamOptimized VMDK: its descriptor says createType %q", info.FormatSpecific.Data.CreateType)
	}
	return info.VirtualSize, nil
}

// convertToFlat writes the disk as a monolithicFlat VMDK: `descriptor` and its -flat.vmdk.
// qemu-img reads every grain and the footer, so a truncated or corrupt stream fails here.
func convertToFlat(stream, descriptor string) error {
	cmd := exec.Command("qemu-img", "convert", "-q", "-f", "vmdk", "-O", "vmdk", "-o", "subformat=monolithicFlat", stream, descriptor)
	if out, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(flatPath(descriptor))
		_ = os.Remove(descriptor)
		return fmt.Errorf("not a valid streamOptimized VMDK: qemu-img convert: %s", strings.TrimSpace(string(out)))
	}
	return nil
}
