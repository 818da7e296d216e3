package sqlite_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// BenchmarkAudit measures one entry appended on its own, as a read does,
// and reports the p50 and p99 of an append.
func BenchmarkAudit(b *testing.B) {
	db := MustOpenDB(b)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "ann"})
	var times []time.Duration
	for b.Loop() {
		t := time.Now()
		if err := db.Audit(ctx, audit.KindRead, "07STATE159388", ""); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t))
	}
	reportPercentiles(b, times)
}

// BenchmarkAuditParallel measures entries appended by many readers at
// once, as a server's reads are: their entries share transactions (group
// commit).
func BenchmarkAuditParallel(b *testing.B) {
	db := MustOpenDB(b)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "ann"})
	var (
		mu    sync.Mutex
		times []time.Duration
	)
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t := time.Now()
			if err := db.Audit(ctx, audit.KindRead, "07STATE159388", ""); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t))
		}
		mu.Lock()
		times = append(times, mine...)
		mu.Unlock()
	})
	reportPercentiles(b, times)
}

// reportPercentiles reports the p50 and p99 of times, in microseconds.
func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	for _, p := range []int{50, 99} {
		b.ReportMetric(float64(times[min(len(times)-1, p*len(times)/100)].Microseconds()), "p"+string(rune('0'+p/10))+string(rune('0'+p%10))+"-µs")
	}
}

// BenchmarkReadCountedParallel measures reads of the seed counted
// against a budget, as the server's are, by many readers at once: each
// read's count and entry are a job of the group commit.
func BenchmarkReadCountedParallel(b *testing.B) {
	db := mustOpenSeeded(b)
	var (
		mu    sync.Mutex
		times []time.Duration
	)
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			ctx := cable.NewContextWithMeter(readerFrom(1), &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 1 << 30, Day: 1 << 30}})
			t := time.Now()
			if _, err := db.FindCableByID(ctx, seedID); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t))
		}
		mu.Lock()
		times = append(times, mine...)
		mu.Unlock()
	})
	reportPercentiles(b, times)
}
