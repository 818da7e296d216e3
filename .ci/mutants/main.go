// Command mutants checks that the test suite kills hand-made mutations:
// each entry of [mutations] is applied alone to a scratch copy of the
// tree, the tests chosen for it are run, and a mutation that no test
// fails on survives. Run it through .ci/mutate.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// A mutation is one small change that breaks a promise of the code.
type mutation struct {
	ID    string // L1, P2, T1...: issue 20's ids, or a letter per area
	What  string // the promise it breaks
	File  string // relative to the module root
	Find  string // must occur exactly once in File
	Repl  string
	Tests []run // run in order; the first that fails kills the mutation
}

// A run is one go test invocation: a package with -run and -skip
// patterns (empty for all).
type run struct{ Pkg, Run, Skip string }

func (r run) String() string {
	s := r.Pkg
	if r.Run != "" {
		s += " -run '" + r.Run + "'"
	}
	if r.Skip != "" {
		s += " -skip '" + r.Skip + "'"
	}
	return s
}

// outcome is what became of a mutation.
type outcome struct {
	m       mutation
	result  string // killed, SURVIVED, STALE (Find not found once), BROKEN (does not build)
	by      string // the run that killed it
	took    time.Duration
	details string
}

func main() {
	only := flag.String("only", "", "run only the mutations whose id matches this regexp")
	scratch := flag.String("scratch", filepath.Join(os.TempDir(), "cable-mutate"), "scratch directory for the copy of the tree (emptied first, removed at the end)")
	verbose := flag.Bool("v", false, "print the test output of every mutation")
	list := flag.Bool("list", false, "list the mutations and exit")
	flag.Parse()
	re, err := regexp.Compile(*only)
	if err != nil {
		fail(err)
	}
	var ms []mutation
	for _, m := range mutations {
		if re.MatchString(m.ID) {
			ms = append(ms, m)
		}
	}
	if *list {
		for _, m := range ms {
			fmt.Printf("%-4s %-34s %s\n", m.ID, m.File, m.What)
		}
		return
	}
	for _, v := range []string{"CABLE_CORPUS", "CABLE_PEER", "CABLE_TEST_POSTGRES"} {
		if os.Getenv(v) == "" {
			fmt.Printf("mutate: %s is not set: the tests that need it skip, and mutations only they kill survive\n", v)
		}
	}
	if err := copyTree(*scratch); err != nil {
		fail(err)
	}
	start := time.Now()
	var outs []outcome
	for _, m := range ms {
		o := apply(*scratch, m)
		fmt.Printf("%-4s %-8s %5.1fs  %s%s\n", o.m.ID, o.result, o.took.Seconds(), o.m.What, suffix(o.by))
		if *verbose || o.result == "BROKEN" || o.result == "STALE" {
			fmt.Print(indent(o.details))
		}
		outs = append(outs, o)
	}
	status := summarise(outs, time.Since(start))
	os.RemoveAll(*scratch)
	os.Exit(status)
}

func suffix(by string) string {
	if by == "" {
		return ""
	}
	return "  [" + by + "]"
}

// summarise prints the kill rate and the mutations that survived, and
// returns the exit status: 1 when any survived or could not be applied.
func summarise(outs []outcome, took time.Duration) int {
	killed, survived, bad := 0, []string{}, []string{}
	for _, o := range outs {
		switch o.result {
		case "killed":
			killed++
		case "SURVIVED":
			survived = append(survived, o.m.ID+" ("+o.m.What+")")
		default:
			bad = append(bad, o.m.ID+" "+o.result)
		}
	}
	judged := killed + len(survived)
	fmt.Printf("\nkill rate: %d of %d mutations killed (%.0f%%) in %s\n", killed, judged,
		100*float64(killed)/float64(max(judged, 1)), took.Round(time.Second))
	for _, s := range survived {
		fmt.Println("survived: " + s)
	}
	for _, s := range bad {
		fmt.Println("not applied: " + s)
	}
	if len(survived) > 0 || len(bad) > 0 {
		return 1
	}
	return 0
}

// apply mutates m.File in the scratch tree, runs m's tests, and puts the
// file back.
func apply(root string, m mutation) (o outcome) {
	o.m = m
	start := time.Now()
	defer func() { o.took = time.Since(start) }()
	path := filepath.Join(root, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		o.result, o.details = "STALE", err.Error()
		return o
	}
	if n := bytes.Count(orig, []byte(m.Find)); n != 1 {
		o.result, o.details = "STALE", fmt.Sprintf("%s holds the text to find %d times, want once:\n%s\n", m.File, n, m.Find)
		return o
	}
	mutated := bytes.Replace(orig, []byte(m.Find), []byte(m.Repl), 1)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		fail(err)
	}
	defer func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			fail(err)
		}
	}()
	o.result = "SURVIVED"
	for _, r := range m.Tests {
		out, err := goTest(root, r)
		o.details += "$ go test " + r.String() + "\n" + out
		if err == nil {
			continue
		}
		if strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]") {
			o.result = "BROKEN"
		} else {
			o.result, o.by = "killed", r.String()
		}
		break
	}
	return o
}

// goTest runs one test run in the scratch tree.
func goTest(root string, r run) (string, error) {
	args := []string{"test", "-count=1", "-vet=off", "-timeout=5m"}
	if r.Run != "" {
		args = append(args, "-run", r.Run)
	}
	if r.Skip != "" {
		args = append(args, "-skip", r.Skip)
	}
	cmd := exec.Command("go", append(args, r.Pkg)...)
	cmd.Dir = root
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	return b.String(), err
}

// copyTree copies the files git knows (tracked, or untracked and not
// ignored) of the current tree into dir, emptied first.
func copyTree(dir string) error {
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if err := copyFile(name, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if os.IsNotExist(err) {
		return nil // deleted in the work tree but not yet in the index
	} else if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func indent(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if line != "" {
			b.WriteString("    " + line)
		}
	}
	return b.String()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(2)
}
