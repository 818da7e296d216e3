// Package api holds the JSON wire types of cable: the cable document that
// `cable parse` prints and the HTTP API serves, and the request and response
// bodies of /api/v1/. The types are flat and named for readers of the JSON,
// not for the domain model; FromCable is the one place that maps the model
// onto them. docs/json.md documents the schema.
package api
