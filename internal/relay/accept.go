package relay

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/cabletext"
)

// acceptCopies checks each copy posted by from, stores those that pass in
// transactions of StoreChunk copies (an urgent request's in one, before
// the bulk chunks waiting), and answers a received receipt for each (the
// same one for a copy it held already) and a refusal, audited, for each
// other.
func (n *Node) acceptCopies(ctx context.Context, from string, copies []*Copy) (*CopiesResponse, error) {
	resp := &CopiesResponse{Receipts: []*Receipt{}, Refused: []Refusal{}}
	hurry := urgent(copies)
	if hurry {
		n.gate.enter()
		defer n.gate.leave()
	}
	var in []*Inbound
	look := newLookups(n.Store)
	for i, c := range copies {
		x, err := n.checkCopy(ctx, look, from, c)
		if err != nil {
			if _, ok := err.(*refusal); !ok {
				return nil, err
			}
			id := ""
			if c != nil && c.Envelope != nil {
				id = c.Envelope.CableID
			}
			n.audit(ctx, "relay-copy-refused", from, id, err.Error())
			resp.Refused = append(resp.Refused, Refusal{Index: i, Reason: err.Error(), Permanent: err.(*refusal).permanent})
			continue
		}
		in = append(in, x)
	}
	for len(in) > 0 {
		k := len(in)
		if hurry {
			if err := n.store(ctx, in, resp); err != nil {
				return nil, err
			}
		} else {
			k = min(k, n.storeChunk())
			if err := n.storeBulk(ctx, in[:k], resp); err != nil {
				return nil, err
			}
		}
		in = in[k:]
	}
	return resp, nil
}

// storeBulk stores a chunk of a bulk request once no urgent request is in
// the node, one bulk chunk at a time: a chunk of each request in flight
// waiting for the store's one writer would all go before an urgent
// request that came later, in whatever order the connection pool picks.
func (n *Node) storeBulk(ctx context.Context, in []*Inbound, resp *CopiesResponse) error {
	if err := n.gate.wait(ctx); err != nil {
		return err
	}
	if err := n.gate.lockBulk(ctx); err != nil {
		return err
	}
	defer n.gate.unlockBulk()
	return n.store(ctx, in, resp)
}

// store stores checked copies in one transaction and adds a signed
// received receipt for each to resp: only once they are committed, so
// that no receipt answers a copy a crash could lose.
func (n *Node) store(ctx context.Context, in []*Inbound, resp *CopiesResponse) error {
	acc, err := n.Store.AcceptCopies(ctx, in)
	if err != nil {
		return fmt.Errorf("accept copies: %w", err)
	}
	for i, x := range in {
		r := &Receipt{Kind: Received, CableID: x.Envelope.CableID, Version: x.Envelope.Version, Addressee: x.Addressee,
			Origin: x.Envelope.Origin, At: acc[i].ReceivedAt}
		r.Sign(n.ID)
		resp.Receipts = append(resp.Receipts, r)
	}
	return nil
}

// checkCopy verifies one copy: its envelope under the origin's trusted
// key, its text against the envelope, the copy against the envelope's
// list, the sender's right to send it, and this node's to take it.
func (n *Node) checkCopy(ctx context.Context, look *lookups, from string, c *Copy) (*Inbound, error) {
	if c == nil || c.Envelope == nil {
		return nil, refuse(http.StatusBadRequest, "a copy without its envelope")
	}
	e := c.Envelope
	role, prec, err := copyForm(c)
	if err != nil {
		return nil, err
	}
	k, err := look.trustedKey(ctx, e.Origin)
	if cable.KindOf(err) == cable.NotFound {
		return nil, refuse(http.StatusForbidden, "telegram %s: origin %s is not a trusted site", e.CableID, e.Origin)
	}
	if err != nil {
		return nil, err
	}
	if err := e.Verify(k.Key, c.Telegram); err != nil {
		if KeyID(k.Key) != e.KeyID { // cured when the operators agree on the key
			return nil, refuse(http.StatusForbidden, "%v", err)
		}
		return nil, refuseForGood(http.StatusForbidden, "%v", err)
	}
	if !e.Lists(c.Addressee, role, prec) {
		return nil, refuseForGood(http.StatusForbidden, "telegram %s: the signed envelope lists no %s copy for %s at %s", e.CableID, role, c.Addressee, prec)
	}
	if from != e.Origin {
		r, err := look.routeTo(ctx, e.Origin)
		if err != nil {
			return nil, err
		}
		if r.Kind != Via || r.Hop != from {
			return nil, refuse(http.StatusForbidden, "telegram %s: %s may not relay for %s", e.CableID, from, e.Origin)
		}
	}
	x := &Inbound{Envelope: e, Telegram: c.Telegram, Addressee: c.Addressee, Role: role, Precedence: prec,
		AckRequired: c.AckRequired, From: from}
	if x.Hop, err = n.hopFor(ctx, look, from, e, c.Addressee); err != nil {
		return nil, err
	}
	if x.Hop == "" {
		x.Cable = cabletext.ParseString(c.Telegram)
		if x.Cable.ID != e.CableID {
			return nil, refuseForGood(http.StatusBadRequest, "telegram %s reads as %q", e.CableID, x.Cable.ID)
		}
	}
	return x, nil
}

// hopFor decides where a copy goes from here: "" to deliver it here, else
// the node this one relays it to.
func (n *Node) hopFor(ctx context.Context, look *lookups, from string, e *Envelope, addressee string) (string, error) {
	r, err := look.routeTo(ctx, addressee)
	if cable.KindOf(err) == cable.NotFound {
		return "", refuse(http.StatusForbidden, "telegram %s: %s is not in this node's directory", e.CableID, addressee)
	}
	if err != nil {
		return "", err
	}
	switch {
	case r.Kind == Local:
		return "", nil
	case r.Hop == from || r.Hop == n.ID.PLAD || slices.Contains([]string{from, e.Origin}, r.Node):
		return "", refuse(http.StatusForbidden, "telegram %s: %s is not served here and would go back to %s", e.CableID, addressee, r.Hop)
	}
	return r.Hop, nil
}

// copyForm parses a copy's role and precedence.
func copyForm(c *Copy) (cable.AddresseeRole, cable.Precedence, error) {
	role := cable.AddresseeRole(c.Role)
	switch role {
	case cable.RoleTo, cable.RoleInfo, cable.RoleSlug:
	default:
		return "", 0, refuseForGood(http.StatusBadRequest, "telegram %s: role %q: want to, info or slug", c.Envelope.CableID, c.Role)
	}
	p, err := cable.ParsePrecedence(c.Precedence)
	if err != nil {
		return "", 0, refuseForGood(http.StatusBadRequest, "telegram %s: %v", c.Envelope.CableID, err)
	}
	if c.Addressee == "" || len(c.Telegram) > MaxBody {
		return "", 0, refuseForGood(http.StatusBadRequest, "telegram %s: a copy needs an addressee and a telegram", c.Envelope.CableID)
	}
	return role, p, nil
}

// acceptReceipts verifies receipts and records those for this node's own
// copies, keeping the others to forward toward their origin.
func (n *Node) acceptReceipts(ctx context.Context, from string, rs []*Receipt) (*ReceiptsResponse, error) {
	resp := &ReceiptsResponse{Refused: []Refusal{}}
	var mine, fwd []*Receipt
	look := newLookups(n.Store)
	for i, r := range rs {
		err := n.checkReceipt(ctx, look, r)
		if err != nil {
			if _, ok := err.(*refusal); !ok {
				return nil, err
			}
			id := ""
			if r != nil {
				id = r.CableID
			}
			n.audit(ctx, "relay-receipt-refused", from, id, err.Error())
			resp.Refused = append(resp.Refused, Refusal{Index: i, Reason: err.Error()})
			continue
		}
		if r.Origin == n.ID.PLAD {
			mine = append(mine, r)
		} else {
			fwd = append(fwd, r)
		}
	}
	if len(mine) > 0 {
		if _, err := n.Store.TakeReceipts(ctx, mine); err != nil {
			return nil, fmt.Errorf("take receipts: %w", err)
		}
	}
	if len(fwd) > 0 {
		if err := n.Store.ForwardReceipts(ctx, fwd); err != nil {
			return nil, fmt.Errorf("forward receipts: %w", err)
		}
		n.Wake()
	}
	resp.Accepted = len(mine) + len(fwd)
	return resp, nil
}

// checkReceipt verifies a receipt under its signer's trusted key and
// checks that the signer is the node that serves the addressee (or, for a
// received receipt, a hop on the way).
func (n *Node) checkReceipt(ctx context.Context, look *lookups, r *Receipt) error {
	if r == nil {
		return refuse(http.StatusBadRequest, "an empty receipt")
	}
	k, err := look.trustedKey(ctx, r.Signer)
	if cable.KindOf(err) == cable.NotFound {
		return refuse(http.StatusForbidden, "receipt for %s: signer %s is not a trusted site", r.CableID, r.Signer)
	}
	if err != nil {
		return err
	}
	if err := r.Verify(k.Key); err != nil {
		return refuse(http.StatusForbidden, "%v", err)
	}
	if r.Origin != n.ID.PLAD {
		route, err := look.routeTo(ctx, r.Origin)
		if err != nil || route.Kind == Local {
			return refuse(http.StatusForbidden, "receipt for %s: origin %s is neither this node nor reached from it", r.CableID, r.Origin)
		}
		return nil
	}
	route, err := look.routeTo(ctx, r.Addressee)
	if err != nil {
		return refuse(http.StatusForbidden, "receipt for %s: addressee %s is not in the directory", r.CableID, r.Addressee)
	}
	if r.Signer != route.Node && !(r.Kind == Received && r.Signer == route.Hop) {
		return refuse(http.StatusForbidden, "%s receipt for %s at %s: signed by %s, which does not serve it", r.Kind, r.CableID, r.Addressee, r.Signer)
	}
	return nil
}
