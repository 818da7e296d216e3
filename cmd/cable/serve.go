package main

import "context"

// runServe is being written.
func runServe(_ context.Context, _ *Main, _ []string) error {
	return usageError("serve: not available in this build yet")
}
