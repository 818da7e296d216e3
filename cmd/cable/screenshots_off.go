//go:build !screenshots

package main

// extraCommands are the commands built only with a tag (screenshots.go):
// none in the binary users run.
func extraCommands() map[string]command { return nil }
