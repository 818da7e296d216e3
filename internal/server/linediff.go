package server

// A line diff for the versions page: Myers' O((N+M)D) algorithm on
// lines, after the common head and tail are set aside. Cables are short
// and versions of one cable differ little, so D is small; past
// maxDiffCells of trace the middle is shown as replaced outright, which
// is still a true diff, only not the shortest.

// diffOp says what a line of a diff does.
type diffOp int

const (
	diffSame diffOp = iota // in both texts
	diffDel                // only in the old text
	diffAdd                // only in the new text
)

// diffLine is one line of a diff: A indexes the old text's lines and B
// the new text's; the one an op does not use is -1.
type diffLine struct {
	Op   diffOp
	A, B int
}

// maxDiffCells bounds the trace Myers' algorithm keeps (ints).
const maxDiffCells = 4 << 20

// lineDiff returns a shortest edit script from a to b, in order.
func lineDiff(a, b []string) []diffLine {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var out []diffLine
	for i := range head {
		out = append(out, diffLine{diffSame, i, i})
	}
	for _, d := range myers(a[head:len(a)-tail], b[head:len(b)-tail]) {
		if d.A >= 0 {
			d.A += head
		}
		if d.B >= 0 {
			d.B += head
		}
		out = append(out, d)
	}
	for i := range tail {
		out = append(out, diffLine{diffSame, len(a) - tail + i, len(b) - tail + i})
	}
	return out
}

// myers returns a shortest edit script from a to b, or, when that would
// need more than maxDiffCells of trace, a deletes all then b adds all.
func myers(a, b []string) []diffLine {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(n, m)
	}
	off := n + m
	v := make([]int, 2*off+2)
	var trace [][]int
	for d := 0; d <= n+m; d++ {
		if (d+1)*len(v) > maxDiffCells {
			return replaceAll(n, m)
		}
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // from k+1: a line of b added
			} else {
				x = v[off+k-1] + 1 // from k-1: a line of a deleted
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, off, n, m)
			}
		}
	}
	return replaceAll(n, m) // not reached: d = n+m always ends
}

// backtrack walks trace (the furthest x of each diagonal before each
// step d) back from (n, m) and returns the script in order.
func backtrack(trace [][]int, off, x, y int) []diffLine {
	var rev []diffLine
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		k := x - y
		prev := k - 1
		if k == -d || k != d && v[off+k-1] < v[off+k+1] {
			prev = k + 1
		}
		px := v[off+prev]
		py := px - prev
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, diffLine{diffSame, x, y})
		}
		if d > 0 {
			if x == px {
				rev = append(rev, diffLine{diffAdd, -1, y - 1})
			} else {
				rev = append(rev, diffLine{diffDel, x - 1, -1})
			}
		}
		x, y = px, py
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// replaceAll is the script that deletes n lines and adds m.
func replaceAll(n, m int) []diffLine {
	out := make([]diffLine, 0, n+m)
	for i := range n {
		out = append(out, diffLine{diffDel, i, -1})
	}
	for j := range m {
		out = append(out, diffLine{diffAdd, -1, j})
	}
	return out
}
