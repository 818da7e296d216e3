package main

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cable/cable/internal/cabletext"
)

// readTree returns the files under dir by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readTarGz returns the regular files of a .tar.gz by name.
func readTarGz(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	files := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			b, _ := io.ReadAll(tr)
			files[h.Name] = string(b)
		}
	}
}

func TestGen_Dir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, nil, "gen", "--count", "1203", "--seed", "2", "--out", dir); code != 0 {
		t.Fatalf("gen exit = %d: %s", code, stderr)
	}
	files := readTree(t, dir)
	if len(files) != 1203 {
		t.Fatalf("gen --count 1203 wrote %d files", len(files))
	}
	shards := map[string]int{}
	for name, text := range files {
		shard, base, _ := strings.Cut(name, "/")
		shards[shard]++
		c := cabletext.ParseString(text)
		if base != c.ID+".txt" || len(c.Warnings) > 0 {
			t.Errorf("%s: parsed id %s, warnings %v", name, c.ID, c.Warnings)
		}
	}
	if shards["000"] != 1000 || shards["001"] != 203 {
		t.Errorf("files per subdirectory = %v, want 000:1000 001:203", shards)
	}
}

func TestGen_Tar(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tgz := filepath.Join(dir, "cables.tar.gz")
	for _, args := range [][]string{{"--tar", tgz}, {"--out", filepath.Join(dir, "tree")}} {
		if _, stderr, code := runCLI(t, nil, append([]string{"gen", "--count", "40", "--seed", "3"}, args...)...); code != 0 {
			t.Fatalf("gen %v exit = %d: %s", args, code, stderr)
		}
	}
	inTar, inDir := readTarGz(t, tgz), readTree(t, filepath.Join(dir, "tree"))
	if len(inTar) != 40 {
		t.Errorf("tar holds %d cables, want 40", len(inTar))
	}
	for name, text := range inDir {
		if inTar[name] != text {
			t.Errorf("%s differs between --tar and --out", name)
		}
	}
	// The same seed gives the same archive, byte for byte.
	again := filepath.Join(dir, "again.tar.gz")
	runCLI(t, nil, "gen", "--count", "40", "--seed", "3", "--tar", again)
	a, _ := os.ReadFile(tgz)
	b, _ := os.ReadFile(again)
	if string(a) != string(b) {
		t.Error("two runs of gen --seed 3 --tar give different archives")
	}
}

func TestGen_Usage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"gen", "--out", dir},
		{"gen", "--count", "5"},
		{"gen", "--count", "5", "--out", dir, "--tar", filepath.Join(dir, "x.tar.gz")},
	} {
		if _, stderr, code := runCLI(t, nil, args...); code != 2 || !strings.Contains(stderr, "usage: cable gen") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the usage", args, code, stderr)
		}
	}
}
