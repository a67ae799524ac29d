package email

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

var sender = mail.Address{Name: "Glow Lab 美妆 ✨", Address: "shop@glowlab.example"}

func message(toAddr string) Message {
	return Message{
		From:      sender,
		ToName:    "Anna",
		ToAddr:    toAddr,
		Subject:   "Collab with Glow Lab",
		Body:      "Hi Anna,\nwant a sample?\n",
		MessageID: MessageID(42, time.Unix(1764633600, 0), sender.Address),
		Date:      time.Date(2025, 12, 2, 9, 30, 0, 0, time.UTC),
	}
}

// parse reads a built message back the way a mail reader would.
func parse(t *testing.T, data []byte) (*mail.Message, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, data)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("quoted-printable body: %v", err)
	}
	return msg, string(body)
}

func TestMessageIDStable(t *testing.T) {
	created := time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC)
	got := MessageID(42, created, "shop@Example.com")
	if want := "<creatordesk.42.1764633600@example.com>"; got != want {
		t.Errorf("MessageID = %q, want %q", got, want)
	}
	if again := MessageID(42, created.In(time.FixedZone("CST", 8*3600)), "shop@example.com"); again != got {
		t.Errorf("same row, same instant: %q then %q", got, again)
	}
	if other := MessageID(43, created, "shop@example.com"); other == got {
		t.Errorf("rows 42 and 43 share %q", got)
	}
	if got := MessageID(1, created, "no domain\r\n"); got != "<creatordesk.1.1764633600@localhost>" {
		t.Errorf("MessageID without a domain = %q", got)
	}
}

func TestBuildRoundTripsUnicode(t *testing.T) {
	m := message("anna@example.com")
	m.ToName = "小红书达人 🌸 Ünïcödé, Jr."
	m.Subject = strings.Repeat("新品合作邀请 😀 Ünïcödé ", 8)
	m.Subject = strings.TrimSpace(m.Subject)
	long := strings.Repeat("abcdefghij", 20)
	m.Body = "Hi,\n" + long + "\nÜnïcödé 中文 😀\n.\nFrom here on = equals\ntrailing space \n"
	data, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, body := parse(t, data)

	var dec mime.WordDecoder
	if got, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || got != m.Subject {
		t.Errorf("Subject decodes to %q (%v), want %q", got, err, m.Subject)
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil || to.Name != m.ToName || to.Address != m.ToAddr {
		t.Errorf("To = %+v (%v), want %q <%s>", to, err, m.ToName, m.ToAddr)
	}
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || *from != sender {
		t.Errorf("From = %+v (%v), want %+v", from, err, sender)
	}
	if want := strings.ReplaceAll(m.Body, "\n", "\r\n"); body != want {
		t.Errorf("body = %q\nwant  %q", body, want)
	}
	for name, want := range map[string]string{
		"Message-Id":                "<creatordesk.42.1764633600@glowlab.example>",
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Date":                      "Tue, 02 Dec 2025 09:30:00 +0000",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// Encoded-words are at most 75 characters, so folded lines stay near 78.
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 90 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestBuildUsesCRLFOnly(t *testing.T) {
	m := message("anna@example.com")
	m.Body = "one\ntwo\r\nthree\rfour"
	data, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range data {
		if c == '\n' && (i == 0 || data[i-1] != '\r') {
			t.Fatalf("bare LF at byte %d: %q", i, data)
		}
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			t.Fatalf("bare CR at byte %d: %q", i, data)
		}
	}
	if _, body := parse(t, data); body != "one\r\ntwo\r\nthree\r\nfour\r\n" {
		t.Errorf("body = %q", body)
	}
}

func TestBuildKeepsHeadersOneLine(t *testing.T) {
	m := message("anna@example.com")
	m.ToName = "Anna\r\nBcc: victim@example.com"
	m.From.Name = "Shop\nX-Injected: 1"
	m.Subject = "Hi\r\nBcc: x@y.z\r\n\r\nfake body\u202e\x1b[31m"
	data, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(data), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		lower := strings.ToLower(line)
		if strings.HasPrefix(lower, "bcc:") || strings.HasPrefix(lower, "x-injected:") || strings.HasPrefix(lower, "fake body") {
			t.Errorf("injected header line %q", line)
		}
	}
	msg, _ := parse(t, data)
	if len(msg.Header["Bcc"]) != 0 || len(msg.Header["To"]) != 1 || len(msg.Header["X-Injected"]) != 0 {
		t.Errorf("headers = %v", msg.Header)
	}
	var dec mime.WordDecoder
	if got, _ := dec.DecodeHeader(msg.Header.Get("Subject")); got != "Hi Bcc: x@y.z fake body [31m" {
		t.Errorf("Subject = %q", got)
	}
	if to, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || to.Name != "Anna Bcc: victim@example.com" {
		t.Errorf("To = %+v (%v)", to, err)
	}
}

func TestBuildLongAndTrickySubjects(t *testing.T) {
	for _, subject := range []string{
		strings.Repeat("x", 1500),              // one unbreakable ASCII word
		"price =?utf-8?q?FREE?= today",         // looks like an encoded-word: must stay literal
		strings.Repeat("Collab offer, ", 40),   // long plain ASCII
		strings.Repeat("達人", 300) + " 😀😀😀 end", // long CJK, 4-byte emoji
	} {
		m := message("anna@example.com")
		m.Subject = subject
		data, err := Build(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\r\n") {
			if len(line) > 998 {
				t.Errorf("line of %d characters", len(line))
			}
		}
		msg, _ := parse(t, data)
		var dec mime.WordDecoder
		got, err := dec.DecodeHeader(msg.Header.Get("Subject"))
		if want := clean(subject); err != nil || got != want {
			t.Errorf("Subject decodes to %q (%v),\nwant %q", got, err, want)
		}
	}
}

func TestBuildRejectsBadAddresses(t *testing.T) {
	for _, tc := range []struct{ field, from, to string }{
		{"To", sender.Address, "not an address"},
		{"To", sender.Address, "a@b.c\r\nRCPT TO:<x@y>"},
		{"To", sender.Address, "Evil <a@b.c>"},
		{"To", sender.Address, "a@b.c (comment)"},
		{"To", sender.Address, `"a b"@example.com`},
		{"To", sender.Address, ""},
		{"From", "shop@example.com>\r\nRCPT TO:<x@y>", "anna@example.com"},
	} {
		m := message(tc.to)
		m.From.Address = tc.from
		_, err := Build(m)
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("Build(from %q, to %q) error = %v, want one naming %s", tc.from, tc.to, err, tc.field)
		}
	}
	if _, err := Build(message("<anna@example.com>")); err != nil {
		t.Errorf("angle-bracketed address: %v", err)
	}
	m := message("anna@example.com")
	m.MessageID = ""
	if _, err := Build(m); err == nil {
		t.Error("Build accepted an empty Message-ID")
	}
}

// A display name loses whole escape sequences, as the message body does,
// not only their ESC byte: no "]52;c;…" payload in the To header.
func TestBuildDropsEscapeSequencesFromNames(t *testing.T) {
	m := message("eve@example.com")
	m.ToName = "\x1b]52;c;ZXZpbA==\x07Eve\x1b[2J 👩‍👩‍👧"
	raw, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	to, err := (&mime.WordDecoder{}).DecodeHeader(msg.Header.Get("To"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(to, "Eve 👩‍👩‍👧") || strings.Contains(to, "52;c") || strings.Contains(to, "[2J") {
		t.Errorf("To %q", to)
	}
}
