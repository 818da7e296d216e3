package main

import "context"

// runGen is being written.
func runGen(_ context.Context, _ *Main, _ []string) error {
	return usageError("gen: not available in this build yet")
}
