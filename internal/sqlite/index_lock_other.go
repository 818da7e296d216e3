//go:build !unix

package sqlite

// lockFile does nothing where there is no flock: two processes that open
// an archive whose search index must be rebuilt, at the same moment, may
// both rebuild it (index.go).
func lockFile(path string, waiting func()) (func(), error) {
	return func() {}, nil
}
