package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDeploy_StaticBuild builds cable as deploy/Dockerfile does
// (CGO_ENABLED=0) and checks that the binary is static — no interpreter,
// no shared library, so that it runs on distroless's static image or
// scratch — and that it runs.
func TestDeploy_StaticBuild(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary: not in -short")
	}
	df, err := os.ReadFile("../../deploy/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(df), "CGO_ENABLED=0 go build") {
		t.Fatal("deploy/Dockerfile no longer builds with CGO_ENABLED=0: change this test with it")
	}
	bin := filepath.Join(t.TempDir(), "cable")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	if runtime.GOOS == "linux" {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the binary asks for a dynamic loader (PT_INTERP): not static")
			}
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("the binary needs shared libraries %v", libs)
		}
	}
	out, err := exec.Command(bin, "help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "serve") {
		t.Errorf("static cable help = %v\n%s", err, out)
	}
}

// TestDeploy_ConfigFile checks that deploy/cable.toml names only settings
// of cable serve, in the shapes they take: serve reads it, then stops at
// the flag the test gives wrong on purpose.
func TestDeploy_ConfigFile(t *testing.T) {
	t.Parallel()
	r := runMainIO(t, map[string]string{"CABLE_DATA": t.TempDir()}, "", "serve", "--config", "../../deploy/cable.toml",
		"--metrics-addr", "", "--search-timeout", "0s")
	if r.code != 2 || !strings.Contains(r.stderr, "--search-timeout 0s") {
		t.Errorf("serve --config deploy/cable.toml = %d %s, want the usage error of --search-timeout only", r.code, r.stderr)
	}
}
