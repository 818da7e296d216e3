package cabletext

import "strings"

// parseSignature finds the signer's name line at the end of the text
// ("RICE"), skipping a trailer of "NNNN" or a bare classification word that
// received copies carry. It stores it and returns where the text proper
// ends: at the signature, or at the end of the body.
func (p *parser) parseSignature(body string, start int) int {
	end := len(body)
	for end > start {
		k := strings.LastIndexByte(body[:end], '\n') + 1
		if k < start {
			k = start
		}
		line := trimSpace(body[k:end])
		switch {
		case line == "" || line == "NNNN" || isTrailerClass(line):
			end = k - 1
			if end < start {
				return start
			}
			continue
		case isSignature(line):
			p.c.Text.Signature = line
			return k
		}
		return len(body)
	}
	return len(body)
}

// isTrailerClass reports whether line is a bare classification word.
func isTrailerClass(line string) bool {
	switch line {
	case "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "SECRET//NOFORN", "CONFIDENTIAL//NOFORN", "NOFORN":
		return true
	}
	return false
}

// isSignature reports whether a line is a signer's name: one to three
// upper-case words ("RICE", "TEFFT", "MC CARTHY").
func isSignature(line string) bool {
	fs := strings.Fields(line)
	if len(fs) == 0 || len(fs) > 3 || len(line) > 40 {
		return false
	}
	for _, f := range fs {
		for i := 0; i < len(f); i++ {
			c := f[i]
			if !isUpper(c) && c != '\'' && c != '-' && c != '.' && c != '/' {
				return false
			}
		}
	}
	if _, ok := captionLine(line); ok {
		return false
	}
	switch fs[0] {
	case "END", "BT", "NNNN", "XXXXXXXXXXXX":
		return false
	}
	return strings.IndexFunc(line, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}
