// Package webhook posts JSON documents to an operator's URL: the security
// alerts (bulk reads, lockouts) and the escalation alerts of unacknowledged
// FLASH and NIACT traffic go out the same way, so that a pager or chat
// bridge reads one format of request.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Timeout bounds one post when the context has no sooner deadline: an
// alert that cannot be handed over in that time is reported failed rather
// than held.
const Timeout = 10 * time.Second

// Post sends v as JSON to url with client (http.DefaultClient when nil).
// An answer other than 2xx is an error, naming the status.
func Post(ctx context.Context, client *http.Client, url string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("webhook: encode: %w", err)
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return fmt.Errorf("webhook: answered %s", resp.Status)
	}
	return nil
}
