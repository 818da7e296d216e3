package main

import "context"

// runUser is being written.
func runUser(_ context.Context, _ *Main, _ []string) error {
	return usageError("user: not available in this build yet")
}
