-- The network (docs/sites.md): this node's trust in other sites' keys,
-- routes via relay sites, signed envelopes, copies received from other
-- nodes, receipts, request nonces and link states. Numbered 0008 because
-- the audit log's branch takes 0006 and 0007; fix the numbers at merge.

-- via: a site reached through a relay site (its PLAD) rather than directly.
ALTER TABLE sites ADD COLUMN via TEXT NOT NULL DEFAULT '';

-- site_keys: the key trusted for each remote node, from its card.
CREATE TABLE site_keys (
	plad       TEXT PRIMARY KEY,
	key        BLOB NOT NULL,   -- ed25519 public key
	key_id     TEXT NOT NULL,
	relay      TEXT NOT NULL,   -- base URL of its relay endpoint
	card       TEXT NOT NULL,   -- the card as trusted
	trusted_at INTEGER NOT NULL
) WITHOUT ROWID;

-- envelopes: the signed envelope of each cable sealed here or received,
-- with the telegram it covers (a cable only relayed through this node is
-- not archived here).
CREATE TABLE envelopes (
	cable     TEXT PRIMARY KEY,
	version   TEXT NOT NULL,
	origin    TEXT NOT NULL,
	envelope  TEXT NOT NULL,   -- JSON of relay.Envelope
	telegram  TEXT NOT NULL,
	stored_at INTEGER NOT NULL
) WITHOUT ROWID;

-- relay_inbound: copies received from other nodes, once each: the key is
-- the idempotency key of the protocol. delivery is the deliveries row
-- (local, or onward); *_sent say which receipts the origin has taken
-- (acked_sent is 1 while no acknowledgement is owed).
CREATE TABLE relay_inbound (
	cable          TEXT NOT NULL,
	version        TEXT NOT NULL,
	addressee      TEXT NOT NULL,
	origin         TEXT NOT NULL,
	sender         TEXT NOT NULL,
	received_at    INTEGER NOT NULL,
	delivery       INTEGER NOT NULL,
	delivered_sent INTEGER NOT NULL DEFAULT 0,
	acked_sent     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (cable, version, addressee)
) WITHOUT ROWID;
CREATE INDEX relay_inbound_delivered ON relay_inbound(delivery) WHERE delivered_sent = 0;
CREATE INDEX relay_inbound_acked ON relay_inbound(delivery) WHERE acked_sent = 0;

-- receipts: signed receipts taken by this node (for its own copies) or
-- kept to forward (forward = 1 until passed on).
CREATE TABLE receipts (
	cable     TEXT NOT NULL,
	addressee TEXT NOT NULL,
	kind      TEXT NOT NULL,   -- received, delivered, acknowledged
	signer    TEXT NOT NULL,
	at        INTEGER NOT NULL,
	by        TEXT NOT NULL DEFAULT '',
	receipt   TEXT NOT NULL,   -- JSON of relay.Receipt, signature included
	taken_at  INTEGER NOT NULL,
	forward   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (cable, addressee, kind)
) WITHOUT ROWID;
CREATE INDEX receipts_forward ON receipts(taken_at) WHERE forward = 1;

-- relay_nonces: nonces of relay requests, kept ten minutes against replay.
CREATE TABLE relay_nonces (
	site  TEXT NOT NULL,
	nonce TEXT NOT NULL,
	at    INTEGER NOT NULL,
	PRIMARY KEY (site, nonce)
) WITHOUT ROWID;
CREATE INDEX relay_nonces_at ON relay_nonces(at);

-- links: the state of each next hop, as the sender last found it.
CREATE TABLE links (
	hop        TEXT PRIMARY KEY,
	up         INTEGER NOT NULL,
	since      INTEGER NOT NULL,
	last_error TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- deliveries of relayed copies: when the next hop received it, and who
-- signed the delivered receipt. state gains 'relayed' (received by the
-- next hop, not yet delivered).
ALTER TABLE deliveries ADD COLUMN relayed_at INTEGER;
ALTER TABLE deliveries ADD COLUMN relayed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN delivered_by TEXT NOT NULL DEFAULT '';
