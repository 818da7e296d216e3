package traffic

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cable/cable/internal/cable"
)

// Recognized is what a cable's text asks of its action addressees.
type Recognized struct {
	// Requests are the dated requests: "please report … by November 23,
	// 2007".
	Requests []Request
	// ActionParagraph is the number of the first paragraph that carries
	// ACTION REQUEST; -1 when none does.
	ActionParagraph int
	// ActionText is the sentence of that paragraph that says what is
	// requested ("Department requests the Embassy present this demarche…"),
	// or its first sentence.
	ActionText string
	// Slug are the offices responses are to be slugged for.
	Slug []string
}

// Request is one dated request found in the text.
type Request struct {
	Text      string
	Due       time.Time // 00:00 UTC of the due day
	Paragraph int
}

const monthPat = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// The date forms a deadline may take: November 23, 2007; Nov. 23; 23
// November 2007; 11/23/2007; 11/23/07; 11/23; 2007-11-23.
var (
	dateMDY = regexp.MustCompile(`(?i)^(` + monthPat + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$`)
	dateDMY = regexp.MustCompile(`(?i)^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthPat + `)\.?(?:,?\s+(\d{4}))?$`)
	dateNum = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$`)
	dateISO = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

	datePat = `(` + monthPat + `\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?` +
		`|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthPat + `\.?(?:,?\s+\d{4})?` +
		`|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)`
	// deadline finds "report … by DATE": a verb of reporting, then, in the
	// same sentence, by / no later than / NLT / before, an optional COB
	// or weekday, and a date.
	deadline = regexp.MustCompile(`(?i)\b(?:please\s+)?(?:report|respond|reply|provide|advise|inform|confirm|submit|send|deliver)\b[^.;]*?\b(?:by|no later than|not later than|nlt|before)\s+` +
		`(?:(?:cob|c\.o\.b\.|close of business|noon|eod|end of (?:the )?day)(?:\s+on)?\s+)?` +
		`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?` + datePat)
	// slug finds "slug all responses for ISN, T, and EAP".
	slug     = regexp.MustCompile(`(?i)\bslug(?:ged)?\s+(?:all\s+|any\s+)?(?:(?:responses?|replies|reply|reporting|traffic|cables?)\s+)?(?:for|to)\s+([^.\n;]+)`)
	symbolRe = regexp.MustCompile(`^[A-Z][A-Z0-9/-]*(?: [A-Z][A-Z0-9/-]*)*$`)
)

// ParseDate reads a date in one of the forms above. A date without a year
// takes the year of ref, or the next year when that would put it more
// than 30 days before ref.
func ParseDate(s string, ref time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	var y, m, d int
	var yearGiven bool
	switch {
	case dateMDY.MatchString(s):
		g := dateMDY.FindStringSubmatch(s)
		m, d, y, yearGiven = monthOf(g[1]), atoi(g[2]), atoi(g[3]), g[3] != ""
	case dateDMY.MatchString(s):
		g := dateDMY.FindStringSubmatch(s)
		d, m, y, yearGiven = atoi(g[1]), monthOf(g[2]), atoi(g[3]), g[3] != ""
	case dateISO.MatchString(s):
		g := dateISO.FindStringSubmatch(s)
		y, m, d, yearGiven = atoi(g[1]), atoi(g[2]), atoi(g[3]), true
	case dateNum.MatchString(s):
		g := dateNum.FindStringSubmatch(s)
		m, d, y, yearGiven = atoi(g[1]), atoi(g[2]), atoi(g[3]), g[3] != ""
		if len(g[3]) == 2 {
			y = cable.FullYear(y)
		}
	default:
		return time.Time{}, false
	}
	if !yearGiven {
		y = ref.Year()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d {
		return time.Time{}, false
	}
	if !yearGiven && t.Before(ref.AddDate(0, 0, -30)) {
		t = t.AddDate(1, 0, 0)
	}
	return t, true
}

func monthOf(s string) int {
	s = strings.ToLower(s)
	for i, name := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, name) {
			return i + 1
		}
	}
	return 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Recognize finds the action requests, deadlines and slugs in c's text.
// ref is the cable's time, which dates without a year are read against.
func Recognize(c *cable.Cable, ref time.Time) Recognized {
	rec := Recognized{ActionParagraph: -1}
	for _, p := range c.Text.Paragraphs {
		text := strings.Join(strings.Fields(p.Text), " ")
		if rec.ActionParagraph < 0 && strings.Contains(text, "ACTION REQUEST") {
			rec.ActionParagraph = p.Number
			rec.ActionText = requestSentence(text)
		}
		for _, loc := range deadline.FindAllStringSubmatchIndex(text, -1) {
			due, ok := ParseDate(text[loc[2]:loc[3]], ref)
			if !ok {
				continue
			}
			// A date pattern may take the sentence's full stop for an
			// abbreviation's (27 Nov.): leave it out of the text.
			r := strings.TrimRight(text[loc[0]:loc[1]], ".")
			rec.Requests = append(rec.Requests, Request{Text: r, Due: due, Paragraph: p.Number})
		}
		for _, g := range slug.FindAllStringSubmatch(text, -1) {
			for _, s := range SplitList(g[1]) {
				if !slices.Contains(rec.Slug, s) {
					rec.Slug = append(rec.Slug, s)
				}
			}
		}
	}
	return rec
}

// SplitList reads a list of office symbols: "ISN, T, and EAP" gives ISN,
// T and EAP. Words that are not upper-case symbols end the list.
func SplitList(s string) []string {
	s = strings.NewReplacer(" and ", ",", " AND ", ",", "&", ",").Replace(s)
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "and "))
		if part == "" {
			continue
		}
		if !symbolRe.MatchString(part) {
			break
		}
		out = append(out, part)
	}
	return out
}

// requestSentence returns the sentence of an ACTION REQUEST paragraph that
// says what is requested: the first with "request", else the first.
func requestSentence(text string) string {
	text = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "ACTION REQUEST:"))
	sentences := strings.SplitAfter(text, ". ")
	for _, s := range sentences {
		if strings.Contains(strings.ToLower(s), "request") {
			return strings.TrimSpace(s)
		}
	}
	return strings.TrimSpace(sentences[0])
}

// Actions returns the action requests of a cable about to be released:
// those the drafter set, then, for each action addressee in owners, each
// dated request recognised in the text that the drafter did not already
// set for that owner and day. When the text has an ACTION REQUEST but no
// dated request, each owner gets one undated request. Each is marked with
// its source, "drafter" or "text".
func Actions(drafted []cable.ActionRequest, rec Recognized, owners []string) ([]cable.ActionRequest, []string) {
	out := slices.Clone(drafted)
	sources := make([]string, len(out))
	for i := range sources {
		sources[i] = "drafter"
	}
	have := func(owner string, due time.Time) bool {
		for _, a := range drafted {
			if Norm(a.Owner) == Norm(owner) && a.Due.Equal(due) {
				return true
			}
		}
		return false
	}
	for _, owner := range owners {
		reqs := rec.Requests
		if len(reqs) == 0 && rec.ActionParagraph >= 0 {
			reqs = []Request{{Text: rec.ActionText, Paragraph: rec.ActionParagraph}}
		}
		for _, r := range reqs {
			if have(owner, r.Due) {
				continue
			}
			out = append(out, cable.ActionRequest{Owner: owner, Due: r.Due, Text: r.Text})
			sources = append(sources, "text")
		}
	}
	return out, sources
}
