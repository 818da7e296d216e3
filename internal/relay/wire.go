package relay

// The relay protocol's JSON bodies (docs/sites.md).

// Limits of one request.
const (
	MaxBody  = 8 << 20
	MaxItems = 512
)

// The endpoints.
const (
	PathCard     = "/relay/v1/card"
	PathCopies   = "/relay/v1/copies"
	PathReceipts = "/relay/v1/receipts"
)

// Copy is one copy on the wire.
type Copy struct {
	Envelope    *Envelope `json:"envelope"`
	Telegram    string    `json:"telegram"`
	Addressee   string    `json:"addressee"`
	Role        string    `json:"role"`
	Precedence  string    `json:"precedence"`
	AckRequired bool      `json:"ack_required"`
}

// CopiesRequest is the body of POST /relay/v1/copies.
type CopiesRequest struct {
	Copies []*Copy `json:"copies"`
}

// Refusal is one item refused, by its index in the request.
type Refusal struct {
	Index  int    `json:"index"`
	Reason string `json:"reason"`
	// Permanent says that no retry of the same copy can succeed: its
	// signature or text is bad as sealed. The sender gives it up.
	Permanent bool `json:"permanent,omitempty"`
}

// CopiesResponse answers it: a received receipt per copy stored.
type CopiesResponse struct {
	Receipts []*Receipt `json:"receipts"`
	Refused  []Refusal  `json:"refused"`
}

// ReceiptsRequest is the body of POST /relay/v1/receipts.
type ReceiptsRequest struct {
	Receipts []*Receipt `json:"receipts"`
}

// ReceiptsResponse answers it.
type ReceiptsResponse struct {
	Accepted int       `json:"accepted"`
	Refused  []Refusal `json:"refused"`
}

// ErrorBody is a refused request's answer.
type ErrorBody struct {
	Error string `json:"error"`
}
