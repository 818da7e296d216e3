package main

import "context"

// runView is being written.
func runView(_ context.Context, _ *Main, _ []string) error {
	return usageError("view: not available in this build yet")
}
