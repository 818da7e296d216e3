// Package audit is the pure logic of cable's tamper-evident audit log: the
// canonical encoding of an entry, the Merkle tree of RFC 6962 (and RFC
// 9162, its successor) over the entries, inclusion and consistency proofs,
// and tree heads signed with ed25519. It does no I/O but through the small
// interfaces it declares ([Log] for the signer and the verifier), so that
// the SQLite and PostgreSQL stores share it.
//
// The tree hashes a leaf as SHA-256(0x00 || entry) and a node as
// SHA-256(0x01 || left || right); a tree of n leaves splits at the largest
// power of two smaller than n (RFC 6962 §2.1). A store keeps the tree's
// right edge, a [Frontier], beside the entries, so that an append costs
// O(log n) hashes. A signed [TreeHead] commits to the first Size entries:
// [Verify] recomputes the tree from the stored entries and checks every
// head, and names the first entry that differs.
//
// See docs/security.md for the threat model and how an outside auditor
// checks the log.
package audit
