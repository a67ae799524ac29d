package email

import (
	"bytes"
	"errors"
	"fmt"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"creatordesk/outreach"
)

// Message is one outgoing mail built from an invitation row.
type Message struct {
	From      mail.Address // sender name and address; the name may hold anything
	ToName    string       // creator's display name (untrusted)
	ToAddr    string       // creator's email address (untrusted): a bare address, no name
	Subject   string       // untrusted
	Body      string       // plain text, \n line endings
	MessageID string       // from MessageID
	Date      time.Time    // zero = now
}

// MessageID derives a stable Message-ID from the invitation row, its creation
// time and the sender's domain: "<creatordesk.42.1764633600@example.com>".
func MessageID(rowID int64, created time.Time, fromAddr string) string {
	return fmt.Sprintf("<creatordesk.%d.%d@%s>", rowID, created.Unix(), idDomain(fromAddr))
}

func idDomain(addr string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(addr[strings.LastIndex(addr, "@")+1:]) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			b.WriteRune(r)
		}
	}
	if d := strings.Trim(b.String(), ".-"); d != "" && strings.Contains(addr, "@") {
		return d
	}
	return "localhost"
}

// Build renders m as an RFC 5322 message with CRLF line endings, the body in
// quoted-printable UTF-8. Names and subject lose their control characters
// before they are encoded, so no untrusted text can start a header line.
func Build(m Message) ([]byte, error) {
	data, _, _, err := build(m)
	return data, err
}

// build also returns the envelope addresses it checked, for MAIL and RCPT.
func build(m Message) (data []byte, from, to string, err error) {
	if from, err = checkAddress("From", m.From.Address); err != nil {
		return nil, "", "", err
	}
	if to, err = checkAddress("To", m.ToAddr); err != nil {
		return nil, "", "", err
	}
	id := strings.TrimSpace(m.MessageID)
	if err := checkMessageID(id); err != nil {
		return nil, "", "", err
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}

	var b bytes.Buffer
	writeHeader(&b, "Date", date.Format(time.RFC1123Z))
	writeHeader(&b, "From", (&mail.Address{Name: cleanName(m.From.Name), Address: from}).String())
	writeHeader(&b, "To", (&mail.Address{Name: cleanName(m.ToName), Address: to}).String())
	writeHeader(&b, "Subject", encodeText(clean(m.Subject)))
	writeHeader(&b, "Message-ID", id)
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")

	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n" // the server would add the line end anyway; add it where it decodes back
	}
	qp := quotedprintable.NewWriter(&b) // text mode: writes each \n as CRLF
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, "", "", err
	}
	if err := qp.Close(); err != nil {
		return nil, "", "", err
	}
	return b.Bytes(), from, to, nil
}

// checkAddress accepts one bare address (angle brackets allowed) and returns it
// as it goes into MAIL FROM or RCPT TO.
func checkAddress(field, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = s[1 : len(s)-1]
	}
	a, err := mail.ParseAddress(s)
	hidden, isHidden := outreach.HiddenRune(s)
	switch {
	case s == "":
		return "", fmt.Errorf("the %s address is empty", field)
	case isHidden:
		// Stored before imports refused them: never mail an address that
		// reads differently from what it is.
		return "", fmt.Errorf("invalid %s address %q: it holds the invisible or control character %U", field, raw, hidden)
	case err != nil:
		return "", fmt.Errorf("invalid %s address %q: %v", field, raw, err)
	case a.Name != "" || a.Address != s:
		// Quoted local parts, comments and names would not survive RCPT TO:<...> as written.
		return "", fmt.Errorf("invalid %s address %q: give only the address, like name@example.com", field, raw)
	case len(s) > 254:
		return "", fmt.Errorf("invalid %s address %q: longer than 254 characters", field, raw)
	}
	return s, nil
}

func checkMessageID(id string) error {
	if id == "" {
		return errors.New("the Message-ID is empty: set it with MessageID")
	}
	ok := len(id) <= 250 && strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") && strings.Contains(id, "@")
	for i := 0; ok && i < len(id); i++ {
		ok = id[i] > ' ' && id[i] <= '~'
	}
	if !ok {
		return fmt.Errorf("invalid Message-ID %q: want <left@right> in printable ASCII", id)
	}
	return nil
}

// clean makes untrusted text one line: controls, line separators and bidi
// overrides become spaces, then runs of spaces collapse.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// cleanName also caps a display name, since a quoted ASCII name is one unbreakable
// word and a header line may not pass 998 characters.
func cleanName(s string) string {
	// As in the message body: escape sequences go whole, not just their ESC.
	s = outreach.PlainText(s)
	if utf8.RuneCountInString(s) > 200 {
		s = strings.TrimSpace(string([]rune(s)[:200]))
	}
	return s
}

// encodeText returns cleaned text as it may stand in the Subject: unchanged when
// plain printable ASCII, else RFC 2047 Q encoded-words of at most 75 characters.
func encodeText(s string) string {
	if plainText(s) {
		return s
	}
	const prefix, suffix = "=?utf-8?q?", "?="
	const room = 75 - len(prefix) - len(suffix)
	var words []string
	var w strings.Builder
	for _, r := range s {
		var enc strings.Builder
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!*+-/", c) >= 0:
				enc.WriteByte(c)
			default:
				fmt.Fprintf(&enc, "=%02X", c)
			}
		}
		if w.Len()+enc.Len() > room { // never split a character across two words
			words = append(words, prefix+w.String()+suffix)
			w.Reset()
		}
		w.WriteString(enc.String())
	}
	if w.Len() > 0 {
		words = append(words, prefix+w.String()+suffix)
	}
	return strings.Join(words, " ")
}

// plainText reports whether s can go out as is: printable ASCII, no word too long
// to fold, and nothing a mail reader would take for an encoded-word.
func plainText(s string) bool {
	if strings.Contains(s, "=?") {
		return false
	}
	for _, word := range strings.Split(s, " ") {
		if len(word) > 76 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// writeHeader folds at spaces to keep lines near 78 characters; unfolding
// gives back the single space.
func writeHeader(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(":")
	line := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		if i > 0 && word != "" && line+1+len(word) > 78 {
			b.WriteString("\r\n")
			line = 0
		}
		b.WriteString(" ")
		b.WriteString(word)
		line += 1 + len(word)
	}
	b.WriteString("\r\n")
}
