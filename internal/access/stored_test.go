package access_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cable/cable/internal/access"
)

func TestStoredOf(t *testing.T) {
	t.Parallel()
	st := access.StoredOf(MustReadSeed(t))
	type portion struct {
		Kind   string
		Number int
		Marks  access.Columns
	}
	var got []portion
	for _, p := range st.Portions {
		got = append(got, portion{p.Kind, p.Number, p.Marking})
	}
	s, snf, srel := access.Columns{Level: 2}, access.Columns{Level: 2, NoForn: true}, access.Columns{Level: 2, Rel: ",USA,CHN,"}
	u := access.Columns{Plain: true}
	want := []portion{
		{"subject", 0, s},
		{"paragraph", 1, s}, {"paragraph", 2, srel}, {"paragraph", 3, snf}, {"paragraph", 4, snf},
		{"paragraph", 5, snf}, {"paragraph", 6, srel}, {"paragraph", 7, u}, {"paragraph", 8, u},
		{"unmarked", 0, s},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("StoredOf(seed) portions (-want +got):\n%s", diff)
	}
	if st.Banner != s || st.Origin != "SECSTATE WASHDC" || !st.SIPDIS || st.Restrictive || !st.Declassified.Equal(time.Date(2032, 12, 31, 0, 0, 0, 0, time.UTC)) ||
		!st.Sent.Equal(time.Date(2007, 11, 22, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("StoredOf(seed) = banner %+v, origin %q, sipdis %v, restrictive %v, declassified %v, sent %v",
			st.Banner, st.Origin, st.SIPDIS, st.Restrictive, st.Declassified, st.Sent)
	}
}
