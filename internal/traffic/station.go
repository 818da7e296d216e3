package traffic

import "strings"

// statePrefixes are the PLAD words that name a State post's kind rather
// than its place: the station of AMEMBASSY BEIJING is BEIJING.
var statePrefixes = []string{"AMEMBASSY ", "AMCONSUL ", "USMISSION ", "USMISSIN ", "US MISSION ", "USINT "}

// StationOf derives the station a post's reference ids carry from its
// PLAD, as the corpus ids do: the place after AMEMBASSY, AMCONSUL,
// USMISSION or USINT with spaces and punctuation removed (BUENOSAIRES,
// USUNNEWYORK); the whole PLAD for AIT and USEU posts (AITTAIPEI,
// USEUBRUSSELS); STATE for SECSTATE WASHDC. Other addresses (agencies,
// commands) originate no State cables: their station is empty.
func StationOf(plad string) string {
	p := Norm(plad)
	if p == "SECSTATE WASHDC" {
		return "STATE"
	}
	place := ""
	for _, pre := range statePrefixes {
		if strings.HasPrefix(p, pre) {
			place = p[len(pre):]
		}
	}
	if place == "" && (strings.HasPrefix(p, "AIT ") || strings.HasPrefix(p, "USEU ")) {
		place = p
	}
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, place)
}
