// Package outreach is creatordesk's domain: creators, tiers, terms, campaigns,
// the collaboration pipeline and the funnel, plus parsing of the values people
// type into spreadsheets. It does no I/O; adapters live in its subpackages.
package outreach
