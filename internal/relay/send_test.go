package relay

import "testing"

// TestNode_StaleFailure checks the order of overlapping posts to a hop: a
// post that fails after one begun later was answered is stale (the link
// works; it must not be marked down), and one begun after the last
// answer is not.
func TestNode_StaleFailure(t *testing.T) {
	var n Node
	first, second := n.posting("B"), n.posting("B")
	other := n.posting("L")
	n.answered("B", second)
	if !n.stale("B", first) {
		t.Error("a post begun before an answered one is not stale")
	}
	if n.stale("B", second) || n.stale("L", other) {
		t.Error("the answered post, or a post to another hop, is stale")
	}
	n.answered("B", first) // answered late: the later answer still counts
	if third := n.posting("B"); n.stale("B", third) {
		t.Error("a post begun after the last answer is stale")
	}
}
