package storetest

import (
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Mail is one message an in-process SMTP server took.
type Mail struct {
	From, To string
	Data     string
}

// MailServer is an SMTP server in the test's process: it speaks enough of
// RFC 5321 (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for net/smtp's
// client, takes every message, and keeps them for the test to read.
type MailServer struct {
	Addr string
	ln   net.Listener
	mu   sync.Mutex
	mail []Mail
	wg   sync.WaitGroup
}

// StartMailServer starts a mail server on a free local port until the
// test ends.
func StartMailServer(tb testing.TB) *MailServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &MailServer{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(conn)
			}()
		}
	}()
	tb.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Messages returns the messages taken so far.
func (s *MailServer) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// serve runs one SMTP session.
func (s *MailServer) serve(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	tp.PrintfLine("220 storetest ESMTP")
	var m Mail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			tp.PrintfLine("250-storetest\r\n250 8BITMIME")
		case "MAIL":
			m = Mail{From: address(arg)}
			tp.PrintfLine("250 ok")
		case "RCPT":
			m.To = address(arg)
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			lines, err := tp.ReadDotLines()
			if err != nil {
				return
			}
			m.Data = strings.Join(lines, "\n")
			s.mu.Lock()
			s.mail = append(s.mail, m)
			s.mu.Unlock()
			tp.PrintfLine("250 taken")
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// address is the address of "FROM:<a@b>".
func address(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	return strings.Trim(strings.TrimSpace(a), "<>")
}
