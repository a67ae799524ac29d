package email

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSendDeliversParseableMessage(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	m := message("anna@example.com")
	m.ToName = "小红书达人 🌸"
	m.Subject = "新品合作邀请 😀 " + strings.Repeat("Ünïcödé 中文 ", 10)
	m.Body = "Hi!\n" + strings.Repeat("0123456789", 20) + "\nÜnïcödé 中文 😀\n.\n"
	if r := sess.Send(t.Context(), m); r.Outcome != Sent {
		t.Fatalf("Send = %+v", r)
	}
	_, _, got := f.seen()
	if len(got) != 1 || got[0].from != sender.Address || len(got[0].to) != 1 || got[0].to[0] != "anna@example.com" {
		t.Fatalf("server received %+v", got)
	}
	want, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[0].data, want) {
		t.Errorf("server received\n%q\nwant\n%q", got[0].data, want)
	}
	msg, body := parse(t, got[0].data)
	if body != strings.ReplaceAll(m.Body, "\n", "\r\n") {
		t.Errorf("body = %q", body)
	}
	if to := msg.Header.Get("To"); !strings.Contains(to, "=?utf-8?") {
		t.Errorf("To %q is not RFC 2047 encoded", to)
	}
}

func TestSendBlocksHeaderInjection(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	m := message("anna@example.com")
	m.ToName = "Anna\r\nBcc: victim@example.com"
	m.Subject = "Hi\r\nBcc: x@y.z\r\n\r\nfake body"
	if r := sess.Send(t.Context(), m); r.Outcome != Sent {
		t.Fatalf("Send = %+v", r)
	}
	_, rcpts, got := f.seen()
	if len(rcpts) != 1 || rcpts[0] != "anna@example.com" {
		t.Errorf("server saw RCPT %q, want only anna@example.com", rcpts)
	}
	msg, body := parse(t, got[0].data)
	if len(msg.Header["To"]) != 1 || msg.Header["Bcc"] != nil {
		t.Errorf("headers = %v", msg.Header)
	}
	head, _, _ := bytes.Cut(got[0].data, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if l := strings.ToLower(line); strings.HasPrefix(l, "bcc") || strings.HasPrefix(l, "fake body") {
			t.Errorf("injected line %q", line)
		}
	}
	if strings.Contains(body, "fake body") {
		t.Errorf("subject leaked into the body: %q", body)
	}
}

func TestSendRefusesBadAddressWithoutTalking(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	for _, to := range []string{"not an address", "a@b.c\r\nRCPT TO:<x@y>", "ev\u202eil@example.com", "a\u200b@example.com"} {
		if r := sess.Send(t.Context(), message(to)); r.Outcome != Failed || !strings.Contains(r.Reason, "To") {
			t.Errorf("Send to %q = %+v, want Failed naming To", to, r)
		}
	}
	if mails, rcpts, _ := f.seen(); mails != 0 || len(rcpts) != 0 {
		t.Errorf("server saw %d MAIL and RCPT %q", mails, rcpts)
	}
	if sess.Broken() {
		t.Error("a refused address broke the session")
	}
}

func TestSendClassifiesReplies(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	for _, tc := range []struct {
		to     string
		want   Outcome
		reason string
	}{
		{"busy@example.com", Retry, "450 4.2.1 mailbox busy"},
		{"anna@example.com", Sent, "250"},
		{"gone@example.com", Failed, "550 5.1.1 mailbox unavailable"},
		{"later@example.com", Retry, "451 4.3.0"},
		{"spam@example.com", Failed, "554 5.7.1"},
		{"bob@example.com", Sent, "250"},
	} {
		r := sess.Send(t.Context(), message(tc.to))
		if r.Outcome != tc.want || !strings.Contains(r.Reason, tc.reason) {
			t.Errorf("Send to %s = %+v, want %s with %q", tc.to, r, tc.want, tc.reason)
		}
		if sess.Broken() {
			t.Fatalf("session broken after %s", tc.to)
		}
	}
	if _, _, got := f.seen(); len(got) != 2 {
		t.Errorf("server kept %d messages, want 2", len(got))
	}
}

func TestSendDroppedAfterDataIsUnknown(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	r := sess.Send(t.Context(), message("drop@example.com"))
	if r.Outcome != Unknown || !strings.Contains(r.Reason, "may have been delivered") {
		t.Errorf("Send = %+v, want Unknown", r)
	}
	if !sess.Broken() {
		t.Error("session not Broken after the connection dropped")
	}
	if r := sess.Send(t.Context(), message("anna@example.com")); r.Outcome != Retry {
		t.Errorf("Send on a broken session = %+v, want Retry", r)
	}
	if err := sess.Close(); err != nil {
		t.Errorf("Close on a broken session: %v", err)
	}
}

func TestSendCancelledWhileWaitingIsUnknown(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	r := sess.Send(ctx, message("stall@example.com"))
	if r.Outcome != Unknown || !sess.Broken() {
		t.Errorf("Send = %+v, Broken %v; want Unknown and Broken", r, sess.Broken())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %v", d)
	}
}

func TestSendTimeoutWhileWaitingIsUnknown(t *testing.T) {
	f := &fakeServer{}
	s := serve(t, f, None)
	s.Timeout = 200 * time.Millisecond
	sess := dial(t, s)
	if r := sess.Send(t.Context(), message("stall@example.com")); r.Outcome != Unknown || !sess.Broken() {
		t.Errorf("Send = %+v, Broken %v; want Unknown and Broken", r, sess.Broken())
	}
}

func TestSendCancelledBeforeStartSendsNothing(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if r := sess.Send(ctx, message("anna@example.com")); r.Outcome != Retry || sess.Broken() {
		t.Errorf("Send = %+v, Broken %v", r, sess.Broken())
	}
	if mails, _, _ := f.seen(); mails != 0 {
		t.Errorf("server saw %d MAIL", mails)
	}
}

func TestDialClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, err = Dial(t.Context(), Server{Host: "127.0.0.1", Port: port, Security: None, Timeout: time.Second})
	var authErr *AuthError
	if err == nil || errors.As(err, &authErr) || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
		t.Errorf("Dial to a closed port: %v, want a plain error naming 127.0.0.1:%d", err, port)
	}
}

func TestDialLogin(t *testing.T) {
	users := map[string]string{"shop": "s3cret-pass"}
	for _, tc := range []struct {
		name      string
		mechs     []string
		security  Security
		user      string
		pass      string
		wantAuth  bool // *AuthError expected
		wantOther bool // another error expected
	}{
		{"plain login on loopback", []string{"PLAIN"}, None, "shop", "s3cret-pass", false, false},
		{"LOGIN only", []string{"LOGIN"}, None, "shop", "s3cret-pass", false, false},
		{"login over STARTTLS", []string{"PLAIN", "LOGIN"}, StartTLS, "shop", "s3cret-pass", false, false},
		{"login over TLS", []string{"PLAIN"}, TLS, "shop", "s3cret-pass", false, false},
		{"wrong password", []string{"PLAIN"}, None, "shop", "wrong", true, false},
		{"wrong password, LOGIN", []string{"LOGIN"}, StartTLS, "shop", "wrong", true, false},
		{"server offers no login", nil, None, "shop", "s3cret-pass", true, false},
		{"server offers only CRAM-MD5", []string{"CRAM-MD5"}, None, "shop", "s3cret-pass", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeServer{users: users, mechs: tc.mechs}
			s := serve(t, f, tc.security)
			s.Username, s.Password = tc.user, tc.pass
			sess, err := Dial(t.Context(), s)
			var authErr *AuthError
			switch {
			case tc.wantAuth && !errors.As(err, &authErr):
				t.Fatalf("Dial: %v, want *AuthError", err)
			case !tc.wantAuth && err != nil:
				t.Fatalf("Dial: %v", err)
			case err != nil:
				if strings.Contains(err.Error(), tc.pass) {
					t.Errorf("error %q shows the password", err)
				}
				return
			}
			defer sess.Close()
			if r := sess.Send(t.Context(), message("anna@example.com")); r.Outcome != Sent {
				t.Errorf("Send after login = %+v", r)
			}
		})
	}
}

func TestSendWithoutLoginWhenRequiredFails(t *testing.T) {
	f := &fakeServer{users: map[string]string{"shop": "pw"}, mechs: []string{"PLAIN"}}
	sess := dial(t, serve(t, f, None))
	if r := sess.Send(t.Context(), message("anna@example.com")); r.Outcome != Failed || !strings.Contains(r.Reason, "530") || !r.NeedsLogin {
		t.Errorf("Send = %+v, want Failed with 530 and NeedsLogin", r)
	}
}

// A login refusal pauses the queue only at MAIL: the same codes at RCPT or
// after the data refuse one recipient or message, as policy.
func TestNeedsLoginForTheSenderOrA530(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replies map[string]string
		login   bool
	}{
		{"530 at MAIL", map[string]string{"MAIL": "530 5.7.0 Authentication required"}, true},
		{"550 5.7.0 at MAIL", map[string]string{"MAIL": "550 5.7.0 Sender not allowed, log in"}, true},
		{"550 5.7.0 at RCPT", map[string]string{"RCPT": "550 5.7.0 Recipient refused by policy"}, false},
		{"554 5.7.0 after the data", map[string]string{".": "554 5.7.0 Message refused by policy"}, false},
		{"550 5.1.1 at MAIL", map[string]string{"MAIL": "550 5.1.1 Unknown sender"}, false},
		{"bare 530 at RCPT", map[string]string{"RCPT": "530 5.7.0 Authentication required"}, true},
		{"bare 530 after the data", map[string]string{".": "530 5.7.0 Authentication required"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sess := dial(t, scriptedServer(t, tc.replies))
			r := sess.Send(t.Context(), message("anna@example.com"))
			if r.Outcome != Failed || r.NeedsLogin != tc.login {
				t.Errorf("Send = %+v, want Failed with NeedsLogin %v", r, tc.login)
			}
			if sess.Broken() {
				t.Error("a refusal broke the session")
			}
		})
	}
}

// scriptedServer is a minimal SMTP server answering each command by its verb
// from replies ("." for the end of the data), else 250: for replies the
// fake server does not give.
func scriptedServer(t *testing.T, replies map[string]string) Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	serveConn := func(c net.Conn) {
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		in := bufio.NewReader(c)
		answer := func(verb, ok string) {
			if r, found := replies[verb]; found {
				ok = r
			}
			fmt.Fprintf(c, "%s\r\n", ok)
		}
		fmt.Fprint(c, "220 localhost ESMTP\r\n")
		for {
			line, err := in.ReadString('\n')
			if err != nil {
				return
			}
			verb, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(line)), " ")
			switch verb {
			case "EHLO":
				fmt.Fprint(c, "250-localhost\r\n250 ENHANCEDSTATUSCODES\r\n")
			case "DATA":
				answer("DATA", "354 go ahead")
				for line != ".\r\n" {
					if line, err = in.ReadString('\n'); err != nil {
						return
					}
				}
				answer(".", "250 2.0.0 queued")
			case "QUIT":
				fmt.Fprint(c, "221 2.0.0 bye\r\n")
				return
			default:
				answer(verb, "250 2.0.0 ok")
			}
		}
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serveConn(c)
		}
	}()
	return Server{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, Security: None, Timeout: 3 * time.Second}
}

func TestDialRefusesPasswordInTheClear(t *testing.T) {
	start := time.Now()
	_, err := Dial(t.Context(), Server{Host: "192.0.2.1", Port: 25, Security: None, Username: "shop", Password: "pw", Timeout: 5 * time.Second})
	var authErr *AuthError
	if !errors.As(err, &authErr) {
		t.Fatalf("Dial: %v, want *AuthError", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: it should refuse before connecting", d)
	}
}

func TestTLSModesDeliver(t *testing.T) {
	for _, security := range []Security{StartTLS, TLS} {
		t.Run(string(security), func(t *testing.T) {
			f := &fakeServer{}
			sess := dial(t, serve(t, f, security))
			if _, ok := sess.client.TLSConnectionState(); !ok {
				t.Error("connection is not encrypted")
			}
			if r := sess.Send(t.Context(), message("anna@example.com")); r.Outcome != Sent {
				t.Fatalf("Send = %+v", r)
			}
			if err := sess.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if _, _, got := f.seen(); len(got) != 1 {
				t.Errorf("server received %d messages", len(got))
			}
		})
	}
}

func TestDialTLSFailures(t *testing.T) {
	f := &fakeServer{}
	plain := serve(t, f, None)
	plain.Security = StartTLS
	if _, err := Dial(t.Context(), plain); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("StartTLS against a server without it: %v", err)
	}
	untrusted := serve(t, f, TLS)
	untrusted.TLSConfig = nil // the system roots do not know the test certificate
	if _, err := Dial(t.Context(), untrusted); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("TLS with an untrusted certificate: %v", err)
	}
	if mails, _, _ := f.seen(); mails != 0 {
		t.Errorf("server saw %d MAIL", mails)
	}
}

func BenchmarkSendLocal(b *testing.B) {
	f := &fakeServer{}
	sess := dial(b, serve(b, f, None))
	m := message("anna@example.com")
	m.Body = strings.Repeat("Hi Anna, we would love to send you a sample of our new serum.\n", 20)
	b.ResetTimer()
	for i := range b.N {
		m.MessageID = MessageID(int64(i), time.Unix(1764633600, 0), sender.Address)
		if r := sess.Send(b.Context(), m); r.Outcome != Sent {
			b.Fatalf("Send = %+v", r)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Minutes(), "msgs/min")
}

func TestDialSilentServerTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 8)
	defer func() {
		l.Close()
		for c := range accepted {
			c.Close()
		}
	}()
	go func() { // accepts, never greets
		defer close(accepted)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	for _, security := range []Security{StartTLS, None} {
		start := time.Now()
		_, err := Dial(t.Context(), Server{Host: "127.0.0.1", Port: port, Security: security, Timeout: 200 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
			t.Errorf("%s: Dial = %v, want an error naming the server", security, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: gave up after %v, want about 200ms", security, d)
		}
	}
}

func TestSendNonASCIIAddress(t *testing.T) {
	m := message("josé@exämple.com")
	f := &fakeServer{}
	if r := dial(t, serve(t, f, None)).Send(t.Context(), m); r.Outcome != Failed || !strings.Contains(r.Reason, "SMTPUTF8") {
		t.Errorf("without SMTPUTF8: Send = %+v, want Failed", r)
	}
	if mails, _, _ := f.seen(); mails != 0 {
		t.Errorf("server saw %d MAIL", mails)
	}
	f = &fakeServer{utf8: true}
	if r := dial(t, serve(t, f, None)).Send(t.Context(), m); r.Outcome != Sent {
		t.Errorf("with SMTPUTF8: Send = %+v, want Sent", r)
	}
	if _, rcpts, _ := f.seen(); len(rcpts) != 1 || rcpts[0] != "josé@exämple.com" {
		t.Errorf("server saw RCPT %q", rcpts)
	}
}

func TestServerTextIsCleanedForTheTerminal(t *testing.T) {
	f := &fakeServer{}
	sess := dial(t, serve(t, f, None))
	r := sess.Send(t.Context(), message("evil@example.com"))
	if r.Outcome != Failed || strings.ContainsAny(r.Reason, "\x1b\x07\r\n") || !strings.Contains(r.Reason, "553 no [2J thanks") {
		t.Errorf("Send = %q %q", r.Outcome, r.Reason)
	}
}
