package main

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// zeros reads as endless zero bytes, so that a test can write a large
// member without holding it.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// writeTarGz writes an archive of the files of dir, in name order, with
// a member of big zero bytes, big.txt, after the first.
func writeTarGz(t *testing.T, path, dir string, big int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	add := func(name string, size int64, r io.Reader) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(tw, io.LimitReader(r, size)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for i, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		add("cables/"+e.Name(), int64(len(b)), strings.NewReader(string(b)))
		if i == 0 {
			add("cables/big.txt", big, zeros{})
		}
	}
	for _, c := range []io.Closer{tw, zw} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIngestTarMemberLimit checks that an archive member over the size
// limit is reported (archive, member, size, limit) and skipped without
// being read into memory, and that the archive's other members are
// stored.
func TestIngestTarMemberLimit(t *testing.T) {
	src := t.TempDir()
	seedVariants(t, src, 3)
	archive := filepath.Join(t.TempDir(), "cables.tar.gz")
	const big = DefaultMaxMemberSize + 1
	writeTarGz(t, archive, src, big)
	for _, tt := range []struct {
		name  string
		flags []string
		limit int64
	}{
		{"default limit", nil, DefaultMaxMemberSize},
		{"--max-member-size 1MB", []string{"--max-member-size", "1MB"}, 1 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"ingest", "--data", t.TempDir()}, tt.flags...), archive)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r := runMainIO(t, nil, "", args...)
			runtime.ReadMemStats(&after)
			if r.code != 1 || !strings.Contains(r.stdout, "ingested: 3 new, 0 unchanged, 0 new versions, 1 not stored") {
				t.Fatalf("exit %d, output %q; want 1, the 3 other members stored\n%s", r.code, r.stdout, r.stderr)
			}
			want := fmt.Sprintf(`file=%s:cables/big.txt err="%d bytes, over the limit of %d`, archive, big, tt.limit)
			if !strings.Contains(r.stderr, want) {
				t.Errorf("no report %q:\n%s", want, r.stderr)
			}
			// Reading the member whole would allocate its 64 MB at least.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > big/2 {
				t.Errorf("the ingest allocated %d MB for a member it skips", alloc>>20)
			} else {
				t.Logf("the ingest allocated %.1f MB", float64(alloc)/(1<<20))
			}
		})
	}
}

// TestReadAtMost checks the size guard of inputs, a header that lies
// included.
func TestReadAtMost(t *testing.T) {
	unread := errors.New("read though over the limit")
	for _, tt := range []struct {
		name      string
		r         io.Reader
		size, max int64
		want      string
		err       string
	}{
		{"under the limit", strings.NewReader("0123456789"), 10, 10, "0123456789", ""},
		{"over the limit, unread", errReader{unread}, 11, 10, "", "11 bytes, over the limit of 10"},
		{"header lies", strings.NewReader("0123456789ABC"), 5, 10, "", "more than 10 bytes, its header notwithstanding"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAtMost(tt.r, tt.size, tt.max)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			if string(got) != tt.want {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
}

// errReader is a reader that fails with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestByteSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"65536", 65536, false}, {"64KB", 64 << 10, false}, {"64MB", 64 << 20, false}, {"1g", 1 << 30, false},
		{"3M", 3 << 20, false}, {"0", 0, true}, {"-1MB", 0, true}, {"MB", 0, true}, {"1TB", 0, true},
	} {
		var b byteSize
		err := b.Set(tt.in)
		if (err != nil) != tt.err || !tt.err && int64(b) != tt.want {
			t.Errorf("Set(%q) = %d, %v; want %d, error %v", tt.in, b, err, tt.want, tt.err)
		}
	}
	if d := cmp.Diff([]string{"64MB", "1025B", "1GB", "2048GB"}, []string{
		ptr(byteSize(64 << 20)).String(), ptr(byteSize(1025)).String(), ptr(byteSize(1 << 30)).String(), ptr(byteSize(2 << 40)).String(),
	}); d != "" {
		t.Errorf("String (-want +got):\n%s", d)
	}
}

func ptr[T any](v T) *T { return &v }
