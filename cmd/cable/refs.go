package main

import "context"

// runRefs is being written.
func runRefs(_ context.Context, _ *Main, _ []string) error {
	return usageError("refs: not available in this build yet")
}
