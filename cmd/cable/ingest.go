package main

import "context"

// runIngest is being written.
func runIngest(_ context.Context, _ *Main, _ []string) error {
	return usageError("ingest: not available in this build yet")
}
