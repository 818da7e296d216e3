package main

import (
	"flag"

	"github.com/cable/cable/internal/cable"
)

// publicFlagName is what --public sets --as to: the public reading room's
// reader (cable.PublicUser), who has no account. It has a space, which no
// account's name may have, so asUser cannot mistake it for one.
const publicFlagName = cable.PublicName

// publicFlag defines --public on fs: read as the public reading room
// reads, declassified portions only, instead of as the user --as names.
func publicFlag(fs *flag.FlagSet, as *string) {
	fs.BoolFunc("public", "read as the public reading room reads (declassified portions only), not as a user", func(string) error {
		*as = publicFlagName
		return nil
	})
}
