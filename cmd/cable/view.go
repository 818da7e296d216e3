package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cable/cable/internal/access"
	"github.com/cable/cable/internal/api"
	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
	"github.com/cable/cable/internal/marking"
)

const viewUsage = `usage: cable view FILE (--clearance LEVEL --citizenship CODE [--member PLAD]... [--read-in CAPTION]... | --public)
                  [--format text|json] [--release] [--at DATE]
Shows the cable in FILE as a reader with these attributes would be shown it,
without a database. --release makes the copy for the government of
--citizenship instead (distribution does not apply). A cable the reader may
not know of is "not found", exit status 1.`

// runView prints the view of a cable file for a hypothetical reader: a
// way to check what the access rules show, with nothing stored.
func runView(_ context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("view", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, viewUsage); fs.PrintDefaults() }
	clearance := fs.String("clearance", "", "the reader's clearance `level`")
	citizenship := fs.String("citizenship", "", "the reader's country `code` (USA, CHN…)")
	var members, readIns listFlag
	fs.Var(&members, "member", "a `PLAD` or office the reader belongs to; repeatable")
	fs.Var(&readIns, "read-in", "a restrictive `caption` the reader is read in for; repeatable")
	format := fs.String("format", "text", "text (a telegram between banner lines) or json")
	release := fs.Bool("release", false, "make the release copy for the reader's government")
	at := fs.String("at", "", "view the cable as on `DATE` (YYYY-MM-DD), for declassification; defaults to today")
	public := fs.Bool("public", false, "view as the public reading room reads (declassified portions only), instead of the reader flags")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(viewUsage)
	}
	r := access.PublicReader()
	if !*public {
		if r, err = viewReader(*clearance, *citizenship, members, readIns); err != nil {
			return err
		}
	}
	if *release && (r.Public || !r.Foreign()) {
		return usageError("view: --release makes a copy for a foreign government: --citizenship USA has none")
	}
	if *format != "text" && *format != "json" {
		return usageError(fmt.Sprintf("--format %q: want text or json", *format))
	}
	now := time.Now()
	if *at != "" {
		if now, err = flagDate("at", *at); err != nil {
			return err
		}
	}
	src, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	c := cabletext.Parse(src)
	var v *access.CableView
	var ok bool
	if *release {
		v, ok = access.ReleaseCopy(*citizenship, r.Clearance, c, now)
	} else {
		v, ok = access.View(r, c, access.DistributionOf(c), now)
	}
	if !ok {
		return cable.Errorf(cable.NotFound, "cable %s not found", c.ID)
	}
	if *format == "json" {
		return json.NewEncoder(m.Stdout).Encode(api.FromView(v.Cable, api.ViewInfo{
			Banner: v.Banner(), Release: v.Release, Declassified: v.Declassified,
			SubjectShown: v.SubjectShown, Shown: v.Shown, Withheld: v.Withheld,
		}))
	}
	_, err = fmt.Fprint(m.Stdout, viewText(v))
	return err
}

// viewText writes a view as a telegram between two lines that carry its
// banner, as a paper copy carries it at top and bottom: the telegram's own
// classification line has the level only, not its controls (REL TO…).
func viewText(v *access.CableView) string {
	return v.Banner() + "\n\n" + cabletext.Format(v.Cable) + "\n" + v.Banner() + "\n"
}

// viewReader builds a reader from the flags, naming the flag that is wrong.
func viewReader(clearance, citizenship string, members, readIns []string) (access.Reader, error) {
	r := access.Reader{Posts: nonEmpty(members)}
	var err error
	if clearance == "" {
		return r, usageError("view: --clearance is required: UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET")
	}
	if r.Clearance, err = levelFlag("clearance", clearance); err != nil {
		return r, err
	}
	code, ok := marking.Trigraph(citizenship)
	if !ok {
		return r, usageError(fmt.Sprintf("view: --citizenship %q: want an ISO 3166 country code such as USA or CHN", citizenship))
	}
	r.Citizenship = code
	for _, w := range nonEmpty(readIns) {
		cp, err := marking.ParseCaption(w)
		if err != nil {
			return r, usageError(fmt.Sprintf("view: --read-in %q: want NODIS, EXDIS or CHEROKEE", w))
		}
		r.ReadIns = append(r.ReadIns, cp)
	}
	return r, nil
}

// levelFlag reads a classification level flag.
func levelFlag(name, s string) (marking.Level, error) {
	l, err := marking.ParseLevel(s)
	if err != nil {
		return 0, usageError(fmt.Sprintf("--%s %q: want UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET", name, s))
	}
	return l, nil
}
