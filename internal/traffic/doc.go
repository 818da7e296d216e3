// Package traffic is the pure logic of cable traffic: the life of a cable
// from draft to acknowledgement as one state machine, who may do what
// (roles at posts and offices), the checks that refuse a release, the
// rendering of a released cable as a canonical ACP 127 telegram, the
// recognition of action requests, deadlines and slugs in a cable's text,
// and speed-of-service measurement against each precedence's objective.
// It does no I/O and reads no clock: callers pass the time.
//
// # The life of a cable
//
//	drafting ──clear (all offices)──► cleared ──release──► released
//	    ▲                                │
//	    └────────────── edit ────────────┘  (an edit voids every clearance)
//
// Release assigns the reference id, DTG, station serial and continuity
// numbers and queues one delivery per addressee; each delivery then goes
//
//	queued ──deliver──► delivered ──acknowledge──► acknowledged
//	   ▲  └─claim─► sending ─relayed─┘      └─timer─► escalated ──acknowledge──┘
//	   └─ retry ─────┘
//
// FLASH and NIACT IMMEDIATE copies must be acknowledged by a named member
// of the addressee; any member may (the duty officer is who escalations
// reach, but an officer at the desk can acknowledge what they received).
// Other copies may be acknowledged and need not be.
//
// # Offices
//
// Washington's offices (ISN, T, EAP, S/ES…) travel as SECSTATE WASHDC in
// headers, but they are sites of their own: a draft is drafted in an
// office and cleared by offices, and replies are slugged for offices. A
// cable drafted in an office is sent FM its post, under the post's
// station and serial; addressing an office addresses its post in the
// header and routes a copy to the office.
package traffic
