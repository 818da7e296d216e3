package cabletext

// This file is about the canonical form of cable ids. How one is read from
// the words a drafter wrote is in reference_ids.go, down to the lexer in
// reference_tokens.go that mends their typing slips; the REF list around
// them is in reference.go.

import "strings"

// CanonicalID returns the canonical form of a cable reference id: two-digit
// year, canonical station, serial without leading zeros. It follows
// cablemap's rules, so that an id read from an archive and a reference to the
// same cable written by hand in another cable come out equal:
//
//   - ids WikiLeaks published malformed or invalid are looked up first
//     (08SCTION02OF02SAOPAULO335 is 08SAOPAULO335, 09EFTOLONDON2468 is
//     09LONDON2468);
//   - USMISSION, AMEMBASSY and EMBASSY are removed from the station
//     (05EMBASSYVIENNA1 is 05VIENNA1);
//   - the station goes through the alias table (RIO and RIODEJAN are
//     RIODEJANEIRO, HAGUE is THEHAGUE, SECSTATE is STATE, PARISFR is
//     UNESCOPARISFR), with hyphens dropped and a zero among letters read as
//     the letter O (PORT-OF-SPAIN, 0TTAWA);
//   - leading zeros of the serial are dropped.
//
// A station that is not known is kept as written (05EMBASSYBLABLA1 is
// 05BLABLA1). An id that does not have the shape year, station, serial is
// returned unchanged. CanonicalID is idempotent.
func CanonicalID(id string) string {
	if fixed, ok := fixedIDs[id]; ok {
		return fixed
	}
	if len(id) < 4 || !isDigit(id[0]) || !isDigit(id[1]) {
		return id
	}
	i := 2
	for i < len(id) && isIDStationByte(id, i) {
		i++
	}
	if i == 2 || i == len(id) || !allDigits(id[i:]) {
		return id
	}
	var buf [48]byte
	key := appendWordKey(buf[:0], id[2:i])
	station, ok := lookupStation(key)
	if !ok {
		station = string(stripOffices(key))
	}
	serial := strings.TrimLeft(id[i:], "0")
	if serial == "" {
		serial = "0"
	}
	return id[:2] + station + serial
}

// isIDStationByte reports whether byte i of id belongs to its station: a
// letter, a hyphen, or a zero followed by a letter (0TTAWA, COTON0U) — a
// zero before digits starts the serial.
func isIDStationByte(id string, i int) bool {
	c := id[i]
	if isLetter(c) || c == '-' {
		return true
	}
	return c == '0' && i+1 < len(id) && isLetter(id[i+1])
}

// lookupStation returns the canonical station for key, an upper-case
// station name without spaces or hyphens, if key is a known station or
// alias once an office word before it is removed. key is not retained.
func lookupStation(key []byte) (string, bool) {
	key = stripOffices(key)
	if len(key) < 2 || len(key) > maxStationKey {
		return "", false
	}
	st, ok := stationIndex[string(key)] // no allocation: the compiler reuses key
	return st, ok
}

// maxStationKey is the longest key worth looking up: the longest station or
// alias (CDCATLANTAGAUSA, BANDARSERIBEGAWAN) with room to spare.
const maxStationKey = 24

// officePrefixes are words cablemap removes from stations: a reference to
// "EMBASSY VIENNA 1450" or an id 09AMEMBASSYHANOI1234 names Vienna and Hanoi.
// AMCONSUL is ours, for "AMCONSUL SAO PAULO 123".
var officePrefixes = [...]string{"USMISSION", "AMEMBASSY", "EMBASSY", "AMCONSUL"}

// stripOffices removes a leading office word from key. It never removes the
// whole key.
func stripOffices(key []byte) []byte {
	for _, p := range officePrefixes {
		if len(key) > len(p) && string(key[:len(p)]) == p {
			return key[len(p):]
		}
	}
	return key
}

// stationIndex maps every known station to itself and every alias to its
// station. It is built once from the tables in stations.go and never
// written afterwards.
var stationIndex = buildStationIndex()

func buildStationIndex() map[string]string {
	m := make(map[string]string, len(knownStations)+len(stationAliases))
	for _, s := range knownStations {
		m[s] = s
	}
	for alias, s := range stationAliases {
		m[alias] = s
	}
	return m
}

// appendWordKey appends the letters of s to dst as a station key: upper
// case, a zero read as the letter O, apostrophes and hyphens dropped
// (N'DJAMENA, PORT-AU-PRINCE).
func appendWordKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c == '0':
			c = 'O'
		case c == '\'' || c == '-':
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
