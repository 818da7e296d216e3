package main

import "context"

// runSearch is being written.
func runSearch(_ context.Context, _ *Main, _ []string) error {
	return usageError("search: not available in this build yet")
}
