package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Serve's settings (docs/operations.md, "Configuration"): each flag of
// cable serve can also come from a CABLE_* variable (--search-timeout from
// CABLE_SEARCH_TIMEOUT) and from a TOML file (--config, or $CABLE_CONFIG;
// key search-timeout), in that precedence: flag, variable, file, default.
// A repeatable flag takes an array in the file and a comma-separated list
// in its variable.

// envName is the variable a flag's setting may come from.
func envName(flagName string) string {
	return "CABLE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applySettings sets each flag of fs that the command line did not, from
// its variable, else from the config file at path (none when empty).
func applySettings(fset *flag.FlagSet, getenv func(string) string, path string) error {
	file, err := readConfigFile(path, fset)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fset.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || f.Name == "config" {
			return
		}
		if v := getenv(envName(f.Name)); v != "" {
			errs = append(errs, setAll(fset, f, splitList(f, v), "$"+envName(f.Name)))
		} else if vs, ok := file[f.Name]; ok {
			errs = append(errs, setAll(fset, f, vs, fmt.Sprintf("%s: %s", path, f.Name)))
		}
	})
	return errors.Join(errs...)
}

// setAll sets f to each of values, naming where they came from in an
// error.
func setAll(fset *flag.FlagSet, f *flag.Flag, values []string, where string) error {
	for _, v := range values {
		if err := fset.Set(f.Name, v); err != nil {
			return usageError(fmt.Sprintf("serve: %s: %v", where, err))
		}
	}
	return nil
}

// isList reports whether f is repeatable (a listFlag).
func isList(f *flag.Flag) bool {
	_, ok := f.Value.(*listFlag)
	return ok
}

// splitList splits a repeatable flag's variable at commas.
func splitList(f *flag.Flag, v string) []string {
	if !isList(f) {
		return []string{v}
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// readConfigFile reads the TOML file at path into each key's values as
// flag strings; a key that names no flag of fset, or a value of the wrong
// shape, is an error naming it.
func readConfigFile(path string, fset *flag.FlagSet) (map[string][]string, error) {
	if path == "" {
		return nil, nil
	}
	var raw map[string]any
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("serve: config file: %w", err)
		}
		return nil, fmt.Errorf("serve: config file %s: %w", path, err)
	}
	out := map[string][]string{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := strings.ReplaceAll(k, "_", "-")
		f := fset.Lookup(name)
		if f == nil || name == "config" {
			return nil, usageError(fmt.Sprintf("serve: config file %s: %s is no setting of cable serve (docs/operations.md)", path, k))
		}
		vs, err := tomlStrings(raw[k], isList(f))
		if err != nil {
			return nil, usageError(fmt.Sprintf("serve: config file %s: %s: %v", path, k, err))
		}
		out[name] = vs
	}
	return out, nil
}

// tomlStrings turns a TOML value into flag strings: a scalar into one, an
// array (for a repeatable flag) into one each.
func tomlStrings(v any, list bool) ([]string, error) {
	switch v := v.(type) {
	case []any:
		if !list {
			return nil, fmt.Errorf("an array, but the setting takes one value")
		}
		var out []string
		for _, e := range v {
			s, err := tomlStrings(e, false)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	case string, int64, float64, bool:
		return []string{fmt.Sprint(v)}, nil
	}
	return nil, fmt.Errorf("a %T, want a string, number or boolean", v)
}
