// Package postgres is the archive store on PostgreSQL, for archives that
// outgrow one SQLite file. It implements cable.CableService and
// cable.UserService with the semantics of package sqlite, and passes the
// same storetest suite; compare_test.go asks both stores the same
// questions as every kind of reader and wants the same answers.
//
// The tables are sqlite's (migrations/0001_init.sql). Searches are
// answered by the search engine both stores use (package engine): each
// process keeps its own, built from the portions' text and fed by a
// change log that triggers write (engine.go, engine_log.go, migration
// 0014), so that several processes serve one database. Access filtering
// is inside SQL, with sqlite's predicates (visibility.go), for every
// list, count, snippet and reference, and for the classes of portions the
// engine may read for a caller (engine_search.go).
//
// Imports take an advisory lock, as SQLite has one writer, and cost a
// fixed number of round trips per batch (COPY per table). With LC_CTYPE
// C upper() folds ASCII letters only, as SQLite's does; create the
// database with
//
//	CREATE DATABASE cable ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
//
// Traffic (drafts, clearances, releases, the outbox, inboxes) is Traffic,
// on the same database: several processes may serve it together
// (docs/postgres.md), the network's store methods (package relay)
// included.
//
// Tests run against the database CABLE_TEST_POSTGRES names, each store in
// a schema of its own (DB.Schema) that is dropped afterwards; without the
// variable they are skipped, unless CABLE_REQUIRE_POSTGRES is set, as CI
// sets it, which makes them fail.
package postgres
