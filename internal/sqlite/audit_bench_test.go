package sqlite_test

import (
	"context"
	"testing"

	"github.com/cable/cable/internal/audit"
	"github.com/cable/cable/internal/cable"
)

// BenchmarkAudit measures one entry appended on its own, as a read does.
func BenchmarkAudit(b *testing.B) {
	db := MustOpenDB(b)
	ctx := cable.NewContextWithUser(context.Background(), &cable.User{Name: "ann"})
	for b.Loop() {
		if err := db.Audit(ctx, audit.KindRead, "07STATE159388", ""); err != nil {
			b.Fatal(err)
		}
	}
}
