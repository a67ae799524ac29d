package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"creatordesk/outreach"
)

// SMTP is the [smtp] section.
type SMTP struct {
	Host         string
	Port         int    // default by security: starttls 587, tls 465, none 25
	Security     string // "starttls" (default), "tls", "none"
	Username     string // "" = no login
	PasswordEnv  string // name of the environment variable holding the password
	PasswordFile string // path to a file holding it; must not be readable by group/others
	From         string // "Outreach Team <outreach@example.com>" or a bare address
}

// Configured reports whether email can be sent (host and from set).
func (s SMTP) Configured() bool { return s.Host != "" && s.From != "" }

// FromAddress parses From.
func (s SMTP) FromAddress() (*mail.Address, error) {
	if s.From == "" {
		return nil, errors.New("smtp.from: not set")
	}
	a, err := parseFrom(s.From)
	if err != nil {
		return nil, fmt.Errorf("smtp.from: %w", err)
	}
	return a, nil
}

// Password reads the password from the environment variable PasswordEnv
// (looked up with getenv; nil means os.Getenv), else from PasswordFile; ""
// when there is no Username. No error ever contains the password.
func (s SMTP) Password(getenv func(string) string) (string, error) {
	if s.Username == "" {
		return "", nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	switch {
	case s.PasswordEnv != "":
		pw := getenv(s.PasswordEnv)
		if pw == "" {
			if !conventionalEnvName.MatchString(s.PasswordEnv) {
				return "", errors.New("smtp.password_env: the variable it names is not set (if you pasted the password itself there, move it to an environment variable)")
			}
			return "", fmt.Errorf("smtp.password_env: $%s is not set", s.PasswordEnv)
		}
		return pw, nil
	case s.PasswordFile != "":
		return readPasswordFile(s.PasswordFile)
	}
	return "", errors.New("smtp.username is set but neither smtp.password_env nor smtp.password_file")
}

// readPasswordFile refuses a file others can read: a password left world-
// readable is one anybody on the machine can send mail with.
func readPasswordFile(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("smtp.password_file: %s does not exist", path)
	}
	if err != nil {
		return "", fmt.Errorf("smtp.password_file: %w", err)
	}
	defer f.Close()
	// Stat the open file, not the path, so the mode checked is the file read.
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("smtp.password_file: %w", err)
	}
	if info.IsDir() {
		return "", fmt.Errorf("smtp.password_file: %s is a directory", path)
	}
	// Windows has no permission bits: Go reports every file as 0666 there.
	if mode := info.Mode().Perm(); mode&0o077 != 0 && runtime.GOOS != "windows" {
		return "", fmt.Errorf("smtp.password_file: %s is readable by others (mode %04o): run chmod 600 %s", path, mode, path)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		// The *PathError names the file and the failure, never the content.
		return "", fmt.Errorf("smtp.password_file: %w", err)
	}
	pw := string(data)
	if p, ok := strings.CutSuffix(pw, "\r\n"); ok {
		pw = p
	} else {
		pw = strings.TrimSuffix(pw, "\n")
	}
	if pw == "" {
		return "", fmt.Errorf("smtp.password_file: %s is empty", path)
	}
	return pw, nil
}

// parseFrom checks a sender address; net/mail accepts both
// "outreach@example.com" and "Outreach Team <outreach@example.com>".
func parseFrom(from string) (*mail.Address, error) {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("%q is not an email address like \"Outreach Team <outreach@example.com>\"", from)
	}
	return a, nil
}

// smtpPorts are the usual ports of each security, for a file that gives none.
var smtpPorts = map[string]int{"starttls": 587, "tls": 465, "none": 25}

// isPasswordKey reports whether an unknown key is someone's attempt to put
// the SMTP password in the file (smtp.password, smtp.pass, [smtp.password]).
func isPasswordKey(key []string) bool {
	return len(key) >= 2 && key[0] == "smtp" && strings.Contains(strings.ToLower(key[1]), "pass")
}

// envName is what an environment variable name looks like; a password put
// in smtp.password_env by mistake usually does not.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// conventionalEnvName is a name safe to repeat in an error: a pasted app
// password ("abcdwxyzefghijkl") passes envName but is never all upper case.
var conventionalEnvName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// applySMTP sets the [smtp] keys the file gives on s and checks them
// together. Errors about a bad smtp.host or smtp.password_env do not repeat
// it: people paste URLs with a password in them, or the password itself.
func applySMTP(s *SMTP, f file) error {
	in := f.SMTP
	bad := func(key string, format string, args ...any) error {
		return fmt.Errorf("smtp.%s: %s", key, fmt.Sprintf(format, args...))
	}
	// A CR LF in a host, a login or a sender would reach the SMTP
	// conversation or a header; TrimSpace below would hide one at the end.
	for _, v := range []struct {
		key string
		val *string
	}{{"host", in.Host}, {"security", in.Security}, {"username", in.Username},
		{"password_env", in.PasswordEnv}, {"password_file", in.PasswordFile}, {"from", in.From}} {
		if v.val == nil {
			continue
		}
		if r, ok := outreach.HiddenRune(*v.val); ok {
			return bad(v.key, "holds a control character (%U); write the value on one line without it", r)
		}
	}
	if in.Host != nil {
		s.Host = strings.TrimSpace(*in.Host)
		if strings.ContainsFunc(s.Host, func(r rune) bool { return r == ' ' || r == '\t' || r == '/' || r == '@' }) {
			return bad("host", "give the host name only, e.g. smtp.example.com")
		}
		if _, _, err := net.SplitHostPort(s.Host); err == nil {
			return bad("host", "give the host name only, e.g. smtp.example.com, and the port as smtp.port")
		}
	}
	if in.Security != nil {
		s.Security = strings.ToLower(strings.TrimSpace(*in.Security))
		if _, ok := smtpPorts[s.Security]; !ok {
			hint := ""
			if strings.HasPrefix(s.Security, "ssl") {
				hint = ` ("tls" is what some call SSL, usually on port 465)`
			}
			return bad("security", "%q is not one of starttls, tls, none%s", *in.Security, hint)
		}
	}
	if in.Port != nil {
		if *in.Port < 1 || *in.Port > 65535 {
			return bad("port", "%d is outside 1–65535", *in.Port)
		}
		s.Port = *in.Port
	}
	if in.Username != nil {
		s.Username = strings.TrimSpace(*in.Username)
	}
	if in.PasswordEnv != nil {
		s.PasswordEnv = strings.TrimSpace(*in.PasswordEnv)
		if !envName.MatchString(s.PasswordEnv) {
			return bad("password_env", `give the name of an environment variable, like CREATORDESK_SMTP_PASSWORD (no "$"), not the password`)
		}
	}
	if in.PasswordFile != nil {
		s.PasswordFile = strings.TrimSpace(*in.PasswordFile)
		// Relative to what would depend on where creatordesk was started.
		if !filepath.IsAbs(s.PasswordFile) {
			return bad("password_file", "give an absolute path, like /home/you/.config/creatordesk/smtp-password")
		}
	}
	if s.PasswordEnv != "" && s.PasswordFile != "" {
		return bad("password_file", "smtp.password_env is set too; give one or the other")
	}
	if in.From != nil {
		s.From = strings.TrimSpace(*in.From)
		if s.From != "" {
			if _, err := parseFrom(s.From); err != nil {
				return bad("from", "%v", err)
			}
		}
	}
	switch {
	case s.Host != "" && s.From == "":
		return bad("from", "not set, but smtp.host is: email needs a sender address")
	case s.Host == "" && s.From != "":
		return bad("host", "not set, but smtp.from is: email needs a server to send through")
	case s.Host == "":
		return nil
	}
	if s.Security == "" {
		s.Security = "starttls"
	}
	if s.Port == 0 {
		s.Port = smtpPorts[s.Security]
	}
	if s.Username != "" && s.Security == "none" && !isLoopback(s.Host) {
		return bad("security", "\"none\" would send the password unencrypted to %s; use starttls or tls", s.Host)
	}
	return nil
}

// isLoopback reports whether host is this machine, where a relay without
// encryption exposes nothing.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
