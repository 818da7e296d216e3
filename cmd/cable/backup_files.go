package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// makeEmptyDir makes dir, which may exist only when empty.
func makeEmptyDir(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty", dir)
	}
	return os.MkdirAll(dir, 0o700)
}

// copyFile copies src to dst (new), keeping its permissions.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}

// fileSum is a file's SHA-256, in hex.
func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeManifest writes dir's MANIFEST: "sha256  name" per file, as
// sha256sum writes them, so that sha256sum -c checks a backup too.
func writeManifest(dir string, names []string) error {
	var b strings.Builder
	for _, n := range names {
		sum, err := fileSum(filepath.Join(dir, n))
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, n)
	}
	return os.WriteFile(filepath.Join(dir, manifestFile), []byte(b.String()), 0o600)
}

// checkManifest checks dir's files against its MANIFEST and returns their
// names; a file missing, changed or not listed is an error.
func checkManifest(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, fmt.Errorf("restore: %s is no complete backup: %w", dir, err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || name == "" || strings.ContainsAny(name, `/\`) || name == manifestFile {
			return nil, fmt.Errorf("restore: %s:%d: want \"sha256  name\"", f.Name(), n)
		}
		got, err := fileSum(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("restore: %s:%d: %w", f.Name(), n, err)
		}
		if got != sum {
			return nil, fmt.Errorf("restore: %s:%d: %s has changed since the backup (sha256 %s, want %s)", f.Name(), n, name, got, sum)
		}
		names = append(names, name)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if len(entries) != len(names)+1 {
		return nil, fmt.Errorf("restore: %s holds %d files, its manifest lists %d", dir, len(entries)-1, len(names))
	}
	return names, nil
}
