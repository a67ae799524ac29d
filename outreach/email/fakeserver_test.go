package email

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// fakeServer is an in-process SMTP backend. What it does with a message depends
// on the recipient's local part: busy (450 at RCPT), gone (550 at RCPT), evil
// (553 with escape sequences), later
// (451 after data), spam (554 after data), drop (hangs up after reading the
// data), stall (waits for release after reading the data); anything else is accepted.
type fakeServer struct {
	users   map[string]string // non-nil: login required
	mechs   []string          // offered login mechanisms
	utf8    bool              // offer SMTPUTF8
	release chan struct{}

	mu    sync.Mutex
	mails int      // MAIL commands seen
	rcpts []string // RCPT addresses seen
	got   []received
}

type received struct {
	from string
	to   []string
	data []byte
}

func (f *fakeServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &fakeSession{srv: f, conn: c}, nil
}

func (f *fakeServer) seen() (mails int, rcpts []string, got []received) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mails, append([]string(nil), f.rcpts...), append([]received(nil), f.got...)
}

type fakeSession struct {
	srv    *fakeServer
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (s *fakeSession) AuthMechanisms() []string { return s.srv.mechs }

func (s *fakeSession) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if want, ok := s.srv.users[user]; !ok || want != pass {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *fakeSession) Mail(from string, _ *smtp.MailOptions) error {
	s.srv.mu.Lock()
	s.srv.mails++
	s.srv.mu.Unlock()
	if s.srv.users != nil && !s.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	if s.from != "" { // as Postfix does: the client must RSET a refused transaction
		return &smtp.SMTPError{Code: 503, EnhancedCode: smtp.EnhancedCode{5, 5, 1}, Message: "nested MAIL command"}
	}
	s.from = from
	return nil
}

func (s *fakeSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	s.srv.rcpts = append(s.srv.rcpts, to)
	s.srv.mu.Unlock()
	switch local(to) {
	case "busy":
		return &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "mailbox busy"}
	case "evil": // a reply written to attack the staffer's terminal
		return &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "no \x1b[2J\x07thanks\nmore"}
	case "gone":
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *fakeSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch local(s.to[0]) {
	case "later":
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	case "spam":
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "message rejected"}
	case "drop":
		s.conn.Conn().Close()
		return errors.New("hung up")
	case "stall":
		select {
		case <-s.srv.release:
		case <-time.After(5 * time.Second):
		}
	}
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, received{s.from, s.to, data})
	s.srv.mu.Unlock()
	return nil
}

func (s *fakeSession) Reset()        { s.from, s.to = "", nil }
func (s *fakeSession) Logout() error { return nil }

func local(addr string) string { return addr[:strings.LastIndex(addr, "@")] }

// loginServer is AUTH LOGIN as servers speak it: two prompts, no initial response.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if response != nil {
			return nil, false, errors.New("this server wants no initial response")
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(response))
}

var certs struct {
	once   sync.Once
	server *tls.Config
	client *tls.Config
}

// testTLS makes one self-signed certificate for 127.0.0.1 per test binary.
func testTLS(t testing.TB) (server, client *tls.Config) {
	certs.once.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "creatordesk test"},
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(time.Hour),
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		certs.server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
		certs.client = &tls.Config{RootCAs: pool}
	})
	return certs.server, certs.client
}

// serve starts f on 127.0.0.1 with the given protection and returns how to reach it.
func serve(t testing.TB, f *fakeServer, security Security) Server {
	t.Helper()
	if f.release == nil {
		f.release = make(chan struct{})
		t.Cleanup(func() { close(f.release) })
	}
	serverTLS, clientTLS := testTLS(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	srv := smtp.NewServer(f)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.EnableSMTPUTF8 = f.utf8
	switch security {
	case None:
		srv.AllowInsecureAuth = true
	case StartTLS:
		srv.TLSConfig = serverTLS
	case TLS:
		l = tls.NewListener(l, serverTLS)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return Server{Host: "127.0.0.1", Port: port, Security: security, Timeout: 3 * time.Second, TLSConfig: clientTLS}
}

func dial(t testing.TB, s Server) *Session {
	t.Helper()
	sess, err := Dial(t.Context(), s)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	return sess
}
