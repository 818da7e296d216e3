//go:build !unix

package main

import "time"

// cpuTime is unknown here: the benchmarks then print no CPU figures.
func cpuTime() time.Duration { return 0 }
