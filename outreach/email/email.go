// Package email sends invitation mail over SMTP and says, for each message,
// whether it was sent, may be sent again, failed for good, or may have gone out.
package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Security is how the connection to the SMTP server is protected.
type Security string

const (
	StartTLS Security = "starttls" // plain connect, then STARTTLS; refused if the server does not offer it
	TLS      Security = "tls"      // implicit TLS (port 465)
	None     Security = "none"     // no encryption: a local relay
)

// Server is where and how to send.
type Server struct {
	Host      string
	Port      int
	Security  Security // "" = StartTLS
	Username  string   // "" = no AUTH
	Password  string
	LocalName string        // EHLO name; "" = "localhost"
	Timeout   time.Duration // per command and for the dial; 0 = 30s
	TLSConfig *tls.Config   // nil = verify the server's certificate for Host
}

// Outcome is what became of one message.
type Outcome string

const (
	Sent    Outcome = "sent"    // the server accepted the data
	Retry   Outcome = "retry"   // refused for now, or cut off before the data went out: safe to send again
	Failed  Outcome = "failed"  // refused for good, or an address Build rejects
	Unknown Outcome = "unknown" // cut off after the data started going out: it may have been delivered
)

// Result is an Outcome and its reason in words for the staffer.
type Result struct {
	Outcome Outcome
	Reason  string
	// NeedsLogin: the server wants a login before it takes mail (530 or
	// 5.7.0 at MAIL); the message was not sent and every other would meet
	// the same refusal, so the caller pauses the queue. The same codes at
	// RCPT or after the data are one message's policy refusal: just Failed.
	NeedsLogin bool
}

// AuthError means the server refused the login, offers none, or would need the
// password sent unencrypted: the caller pauses the queue rather than fail every row.
type AuthError struct{ Msg string }

func (e *AuthError) Error() string { return e.Msg }

// Session is one open SMTP connection that sends many messages in turn.
// It is not safe for concurrent use.
type Session struct {
	client  *smtp.Client
	raw     net.Conn // the TCP connection under any TLS: closing it abandons a stalled exchange
	addr    string
	timeout time.Duration
	utf8    bool // the server takes non-ASCII addresses (SMTPUTF8)
	broken  bool
	closed  bool
}

// Dial connects, says EHLO, sets up TLS per Security and logs in when Username
// is set. A refused login is an *AuthError; other failures name host:port.
func Dial(ctx context.Context, s Server) (*Session, error) {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	if s.Host == "" || s.Port <= 0 || s.Port > 65535 {
		return nil, fmt.Errorf("email server %q: a host and a port from 1 to 65535 are required", addr)
	}
	security := s.Security
	if security == "" {
		security = StartTLS
	}
	if security != StartTLS && security != TLS && security != None {
		return nil, fmt.Errorf("email server %s: unknown security %q (want starttls, tls or none)", addr, s.Security)
	}
	if s.Username != "" && security == None && !isLoopback(s.Host) {
		return nil, &AuthError{Msg: fmt.Sprintf("refusing to send the password to %s unencrypted: use starttls or tls", addr)}
	}
	localName := s.LocalName
	if localName == "" {
		localName = "localhost"
	}
	if strings.ContainsFunc(localName, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return nil, fmt.Errorf("email server %s: invalid local name %q", addr, localName)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("email server %s: %w", addr, err)
	}

	dialer := net.Dialer{Timeout: timeout}
	raw, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect to email server %s: %w", addr, err)
	}
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	sess, err := open(raw, s, security, localName, addr, timeout)
	if !stop() || ctx.Err() != nil {
		var authErr *AuthError
		if !errors.As(err, &authErr) {
			err = fmt.Errorf("email server %s: %w", addr, ctx.Err())
		}
	}
	if err != nil {
		raw.Close()
		return nil, err
	}
	return sess, nil
}

func open(raw net.Conn, s Server, security Security, localName, addr string, timeout time.Duration) (*Session, error) {
	conn := deadlineCap{Conn: raw, max: timeout}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.Host
	}

	var c *smtp.Client
	switch security {
	case TLS:
		tc := tls.Client(conn, cfg)
		tc.SetDeadline(time.Now().Add(timeout))
		if err := tc.Handshake(); err != nil {
			return nil, serverErrorf("TLS handshake with email server %s: %w", addr, err)
		}
		tc.SetDeadline(time.Time{})
		c = smtp.NewClient(tc)
	case StartTLS:
		// go-smtp says EHLO localhost before STARTTLS; LocalName goes in the EHLO after it.
		var err error
		if c, err = smtp.NewClientStartTLS(conn, cfg); err != nil {
			if strings.Contains(err.Error(), "support STARTTLS") {
				return nil, fmt.Errorf("email server %s does not offer STARTTLS: refusing to continue unencrypted", addr)
			}
			return nil, serverErrorf("starting TLS with email server %s: %w", addr, err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	c.CommandTimeout, c.SubmissionTimeout = timeout, timeout
	if err := c.Hello(localName); err != nil {
		c.Close()
		return nil, serverErrorf("email server %s: greeting: %w", addr, err)
	}
	if s.Username != "" {
		if err := login(c, s, addr); err != nil {
			c.Close()
			return nil, err
		}
	}
	utf8, _ := c.Extension("SMTPUTF8")
	return &Session{client: c, raw: raw, addr: addr, timeout: timeout, utf8: utf8}, nil
}

func login(c *smtp.Client, s Server, addr string) error {
	var mech sasl.Client
	switch {
	case c.SupportsAuth(sasl.Plain):
		mech = sasl.NewPlainClient("", s.Username, s.Password)
	case c.SupportsAuth(sasl.Login):
		mech = &loginClient{user: s.Username, pass: s.Password}
	default:
		if ok, offered := c.Extension("AUTH"); ok {
			return &AuthError{Msg: fmt.Sprintf("email server %s offers no login we support (it offers %s)", addr, clean(offered))}
		}
		return &AuthError{Msg: fmt.Sprintf("email server %s offers no login on this connection: check the security setting, or clear the username", addr)}
	}
	err := c.Auth(mech)
	var refusal *smtp.SMTPError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &refusal):
		return &AuthError{Msg: fmt.Sprintf("email server %s refused the login for %s: %s", addr, clean(s.Username), reply(refusal))}
	case errors.Is(err, errPrompt), errors.Is(err, sasl.ErrUnexpectedServerChallenge):
		return &AuthError{Msg: fmt.Sprintf("email server %s: login failed: %v", addr, err)}
	}
	return serverErrorf("email server %s: login: %w", addr, err)
}

// Send sends one message and says what became of it. After a Retry caused by a
// lost connection, or an Unknown, the session is Broken; after a refusal it
// says RSET and stays usable.
func (s *Session) Send(ctx context.Context, m Message) Result {
	r := s.send(ctx, m)
	r.Reason = clean(r.Reason) // the server wrote part of it, and it goes to the terminal
	return r
}

func (s *Session) send(ctx context.Context, m Message) Result {
	if s.broken || s.closed {
		return Result{Outcome: Retry, Reason: "the connection to the email server is closed: connect again"}
	}
	if ctx.Err() != nil {
		return Result{Outcome: Retry, Reason: "cancelled before sending"}
	}
	data, from, to, err := build(m)
	if err != nil {
		return Result{Outcome: Failed, Reason: err.Error()}
	}
	var opts *smtp.MailOptions
	if !isASCII(from) || !isASCII(to) {
		if !s.utf8 {
			return Result{Outcome: Failed, Reason: "the address has non-ASCII characters and the email server does not accept them (no SMTPUTF8)"}
		}
		opts = &smtp.MailOptions{UTF8: true}
	}

	stop := context.AfterFunc(ctx, func() { s.raw.Close() })
	defer stop()
	if err := s.client.Mail(from, opts); err != nil {
		r := s.refused(ctx, "the sender", err)
		r.NeedsLogin = r.Outcome == Failed && wantsLogin(err)
		return r
	}
	if err := s.client.Rcpt(to, nil); err != nil {
		return loginRefusal(s.refused(ctx, "the recipient", err), err)
	}
	w, err := s.client.Data()
	if err != nil {
		return loginRefusal(s.refused(ctx, "the message", err), err)
	}
	// From here on the server may end up holding the message whatever we see.
	s.raw.SetWriteDeadline(time.Now().Add(s.timeout))
	if _, err := w.Write(data); err != nil {
		return s.cutOff(ctx, err)
	}
	resp, err := w.CloseWithResponse()
	var refusal *smtp.SMTPError
	if errors.As(err, &refusal) && (refusal.Code/100 == 4 || refusal.Code/100 == 5) {
		return loginRefusal(s.refused(ctx, "the message", err), err)
	}
	if err != nil {
		return s.cutOff(ctx, err)
	}
	return Result{Outcome: Sent, Reason: "250 " + clean(resp.StatusText)}
}

// refused classifies an error before the data went out: a reply is Retry (4xx)
// or Failed (5xx); anything else leaves the connection unusable but the message unsent.
func (s *Session) refused(ctx context.Context, what string, err error) Result {
	var refusal *smtp.SMTPError
	if !errors.As(err, &refusal) {
		s.markBroken()
		if ctx.Err() != nil {
			return Result{Outcome: Retry, Reason: "cancelled before the message data was sent"}
		}
		return Result{Outcome: Retry, Reason: fmt.Sprintf("connection to %s lost before the message data was sent (%v): safe to send again", s.addr, err)}
	}
	reason := fmt.Sprintf("email server refused %s: %s", what, reply(refusal))
	switch refusal.Code / 100 {
	case 4:
		if refusal.Code == 421 { // the server is closing the connection
			s.markBroken()
		} else if s.client.Reset() != nil {
			s.markBroken()
		}
		return Result{Outcome: Retry, Reason: reason}
	case 5:
		if s.client.Reset() != nil {
			s.markBroken()
		}
		return Result{Outcome: Failed, Reason: reason}
	}
	s.markBroken()
	return Result{Outcome: Retry, Reason: "unexpected reply from the email server: " + reply(refusal)}
}

// wantsLogin reports a refusal that asks for a login (RFC 4954's 530 5.7.0).
// Only Send's MAIL asks it: the sender is what every message shares.
// loginRefusal marks a bare 530 after MAIL as wanting a login too (RFC 4954
// allows it at any command); other 5.7.0 replies there concern one message.
func loginRefusal(r Result, err error) Result {
	var refusal *smtp.SMTPError
	r.NeedsLogin = r.Outcome == Failed && errors.As(err, &refusal) && refusal.Code == 530
	return r
}

func wantsLogin(err error) bool {
	var refusal *smtp.SMTPError
	return errors.As(err, &refusal) && (refusal.Code == 530 || refusal.EnhancedCode == smtp.EnhancedCode{5, 7, 0})
}

// cutOff is any failure after the data started going out: never resend on our own.
func (s *Session) cutOff(ctx context.Context, err error) Result {
	s.markBroken()
	if ctx.Err() != nil {
		return Result{Outcome: Unknown, Reason: "cancelled after the message data started going out: it may have been delivered"}
	}
	return Result{Outcome: Unknown, Reason: fmt.Sprintf("connection lost after the message data: it may have been delivered (%v)", err)}
}

func (s *Session) markBroken() {
	s.broken = true
	s.raw.Close()
}

// Broken reports whether the connection is unusable and the caller must Dial again.
func (s *Session) Broken() bool { return s.broken || s.closed }

// Close says QUIT (skipped on a broken session) and closes the connection.
func (s *Session) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.broken {
		s.client.Close()
		return nil
	}
	if err := s.client.Quit(); err != nil {
		s.client.Close()
		return serverErrorf("email server %s: QUIT: %w", s.addr, err)
	}
	return nil
}

// serverError keeps its cause for errors.Is and errors.As, but its text is
// cleaned for the terminal, since the server wrote part of it.
type serverError struct{ err error }

func (e serverError) Error() string { return clean(e.err.Error()) }
func (e serverError) Unwrap() error { return e.err }

func serverErrorf(format string, args ...any) error { return serverError{fmt.Errorf(format, args...)} }

// reply renders a server reply as "550 5.1.1 text", safe for the terminal.
func reply(e *smtp.SMTPError) string {
	code := strconv.Itoa(e.Code)
	if ec := e.EnhancedCode; ec != smtp.EnhancedCodeNotSet && ec != smtp.NoEnhancedCode {
		code += fmt.Sprintf(" %d.%d.%d", ec[0], ec[1], ec[2])
	}
	return strings.TrimSpace(code + " " + clean(e.Message))
}

func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// deadlineCap holds every deadline go-smtp sets (5 and 12 minutes, some before
// we can change them) to our own timeout.
type deadlineCap struct {
	net.Conn
	max time.Duration
}

func (c deadlineCap) SetDeadline(t time.Time) error {
	if limit := time.Now().Add(c.max); !t.IsZero() && t.After(limit) {
		t = limit
	}
	return c.Conn.SetDeadline(t)
}

var errPrompt = errors.New("unexpected AUTH LOGIN prompt")

// loginClient answers AUTH LOGIN by the prompt's meaning, since servers word
// "Username:" and "Password:" differently and go-sasl expects one spelling.
type loginClient struct{ user, pass string }

func (a *loginClient) Start() (string, []byte, error) { return sasl.Login, nil, nil }

func (a *loginClient) Next(challenge []byte) ([]byte, error) {
	prompt := strings.ToLower(string(challenge))
	switch {
	case strings.Contains(prompt, "user"):
		return []byte(a.user), nil
	case strings.Contains(prompt, "pass"):
		return []byte(a.pass), nil
	}
	return nil, errPrompt
}
