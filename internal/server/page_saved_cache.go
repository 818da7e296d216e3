package server

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cable/cable/internal/cable"
)

// The navigation's count of new matches runs every saved search of the
// caller: with 20 saved searches of common words over 2,000 cables that
// was a quarter of a second on every page (BenchmarkPages). So the count
// is kept for alertCacheTTL: new traffic reaches the badge within a
// minute, and at once on /searches, which always runs the searches and
// renews the count, as saving, marking seen and deleting do. A count is
// kept under the caller's access as well as their id, so that a change of
// clearance, citizenship, posts, read-ins or roles is never answered with
// a count made under the old access.

// alertCacheTTL is how long a navigation count is kept.
const alertCacheTTL = time.Minute

// alertCacheMax bounds the counts kept: past it they are all dropped.
const alertCacheMax = 10000

// alertCache holds navigation counts by caller and access.
type alertCache struct {
	mu sync.Mutex
	m  map[string]alertEntry
}

type alertEntry struct {
	count string
	at    time.Time
}

// alertKey names u's counts: their id and everything that decides what
// they may see.
func alertKey(u *cable.User) string {
	return fmt.Sprintf("%d|%s|%s|%s|%s|%v|%v", u.ID, u.Clearance, u.Citizenship, strings.Join(u.Posts, ","),
		strings.Join(u.ReadIns, ","), u.Roles, u.Admin)
}

// get returns u's count if one was kept less than alertCacheTTL before now.
func (c *alertCache) get(u *cable.User, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[alertKey(u)]
	if !ok || now.Sub(e.at) >= alertCacheTTL || now.Before(e.at) {
		return "", false
	}
	return e.count, true
}

// set keeps u's count as of now.
func (c *alertCache) set(u *cable.User, count string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= alertCacheMax {
		c.m = map[string]alertEntry{}
	}
	c.m[alertKey(u)] = alertEntry{count: count, at: now}
}

// forget drops u's count, whatever their access: their searches changed.
func (c *alertCache) forget(u *cable.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prefix := fmt.Sprintf("%d|", u.ID)
	for k := range c.m {
		if strings.HasPrefix(k, prefix) {
			delete(c.m, k)
		}
	}
}
