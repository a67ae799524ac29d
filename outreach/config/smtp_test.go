package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// secret stands for a real password: no error may ever contain it.
const secret = "s3cr3t-Pa55w0rd"

func TestSMTPFull(t *testing.T) {
	text := `[smtp]
host = "smtp.example.com"
port = 2525
security = "tls"
username = "outreach@example.com"
password_env = "CREATORDESK_SMTP_PASSWORD"
from = "Outreach Team <outreach@example.com>"
`
	cfg, err := Parse("c.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := SMTP{Host: "smtp.example.com", Port: 2525, Security: "tls", Username: "outreach@example.com",
		PasswordEnv: "CREATORDESK_SMTP_PASSWORD", From: "Outreach Team <outreach@example.com>"}
	if cfg.SMTP != want {
		t.Errorf("SMTP =\n%+v\nwant\n%+v", cfg.SMTP, want)
	}
	if !cfg.SMTP.Configured() {
		t.Error("not Configured")
	}
	a, err := cfg.SMTP.FromAddress()
	if err != nil || a.Name != "Outreach Team" || a.Address != "outreach@example.com" {
		t.Errorf("FromAddress = %+v, %v", a, err)
	}
	// Everything else keeps its default.
	rest := cfg
	rest.SMTP = SMTP{}
	if !reflect.DeepEqual(rest, Default()) {
		t.Errorf("[smtp] changed more than SMTP: %+v", rest)
	}

	cfg, err = Parse("c.toml", []byte("[smtp]\nhost = \"mail.example.com\"\npassword_file = \"/run/secrets/smtp\"\nusername = \"u\"\nfrom = \"o@example.com\"\n"))
	if err != nil || cfg.SMTP.PasswordFile != "/run/secrets/smtp" || cfg.SMTP.PasswordEnv != "" {
		t.Errorf("password_file: %+v, %v", cfg.SMTP, err)
	}
}

func TestSMTPPortDefaults(t *testing.T) {
	tests := []struct {
		lines    string
		security string
		port     int
	}{
		{"", "starttls", 587},
		{`security = "starttls"`, "starttls", 587},
		{`security = "tls"`, "tls", 465},
		{`security = "none"`, "none", 25},
		{`security = " TLS "`, "tls", 465},
		{"security = \"tls\"\nport = 2465", "tls", 2465},
		{"port = 1", "starttls", 1},
		{"port = 65535", "starttls", 65535},
	}
	for _, tt := range tests {
		text := "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"o@example.com\"\n" + tt.lines + "\n"
		cfg, err := Parse("c.toml", []byte(text))
		if err != nil {
			t.Errorf("%q: %v", tt.lines, err)
			continue
		}
		if cfg.SMTP.Security != tt.security || cfg.SMTP.Port != tt.port {
			t.Errorf("%q: security %q port %d, want %q %d", tt.lines, cfg.SMTP.Security, cfg.SMTP.Port, tt.security, tt.port)
		}
	}
}

func TestSMTPNotConfigured(t *testing.T) {
	if Default().SMTP.Configured() {
		t.Error("Default() has email configured")
	}
	cfg, err := Parse("example.toml", []byte(Example))
	if err != nil || cfg.SMTP.Configured() || cfg.SMTP != (SMTP{}) {
		t.Errorf("Example gives SMTP %+v, %v; want none", cfg.SMTP, err)
	}
	if _, err := (SMTP{}).FromAddress(); err == nil || err.Error() != "smtp.from: not set" {
		t.Errorf("FromAddress() of no From: %v", err)
	}
	if (SMTP{Host: "smtp.example.com"}).Configured() || (SMTP{From: "o@example.com"}).Configured() {
		t.Error("Configured with only one of host and from")
	}
}

// Removing the "# " from the example's [smtp] lines gives the product
// issue's configuration.
func TestExampleSMTPUncommented(t *testing.T) {
	head, tail, ok := strings.Cut(Example, "# [smtp]\n")
	if !ok {
		t.Fatal("Example has no commented [smtp] section")
	}
	var b strings.Builder
	b.WriteString(head + "[smtp]\n")
	for line := range strings.Lines(tail) {
		rest, ok := strings.CutPrefix(line, "# ")
		if !ok {
			t.Fatalf("line %q of the [smtp] section is not commented out with \"# \"", line)
		}
		b.WriteString(rest)
	}
	cfg, err := Parse("example.toml", []byte(b.String()))
	if err != nil {
		t.Fatalf("uncommented example: %v\n%s", err, b.String())
	}
	want := SMTP{Host: "smtp.example.com", Port: 587, Security: "starttls", Username: "outreach@example.com",
		PasswordEnv: "CREATORDESK_SMTP_PASSWORD", From: "Outreach Team <outreach@example.com>"}
	if cfg.SMTP != want {
		t.Errorf("SMTP =\n%+v\nwant\n%+v", cfg.SMTP, want)
	}
}

func TestSMTPNoneIsFineOnThisMachine(t *testing.T) {
	for _, host := range []string{"localhost", "LOCALHOST", "127.0.0.1", "::1", "127.0.0.2"} {
		text := "[smtp]\nhost = \"" + host + "\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"PW\"\nfrom = \"o@example.com\"\n"
		if cfg, err := Parse("c.toml", []byte(text)); err != nil || cfg.SMTP.Port != 25 {
			t.Errorf("%s: %+v, %v", host, cfg.SMTP, err)
		}
	}
	// Without a login there is no password to expose.
	text := "[smtp]\nhost = \"relay.example.com\"\nsecurity = \"none\"\nfrom = \"o@example.com\"\n"
	if _, err := Parse("c.toml", []byte(text)); err != nil {
		t.Errorf("none without username: %v", err)
	}
}

func TestSMTPErrors(t *testing.T) {
	const ok = "host = \"smtp.example.com\"\nfrom = \"o@example.com\"\n"
	tests := []struct{ text, want string }{
		{ok + `security = "ssl"`, `c.toml: smtp.security: "ssl" is not one of starttls, tls, none ("tls" is what some call SSL, usually on port 465)`},
		{ok + `security = "plain"`, `c.toml: smtp.security: "plain" is not one of starttls, tls, none`},
		{ok + `security = ""`, `c.toml: smtp.security: "" is not one of starttls, tls, none`},
		{ok + "port = 0", "c.toml: smtp.port: 0 is outside 1–65535"},
		{ok + "port = 65536", "c.toml: smtp.port: 65536 is outside 1–65535"},
		{ok + "port = -25", "c.toml: smtp.port: -25 is outside 1–65535"},
		{`host = "smtp.example.com"`, "c.toml: smtp.from: not set, but smtp.host is: email needs a sender address"},
		{"host = \"smtp.example.com\"\nfrom = \"\"", "c.toml: smtp.from: not set, but smtp.host is: email needs a sender address"},
		{`from = "o@example.com"`, "c.toml: smtp.host: not set, but smtp.from is: email needs a server to send through"},
		{"host = \"\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: not set, but smtp.from is: email needs a server to send through"},
		{"host = \"smtp.example.com\"\nfrom = \"Outreach Team outreach@example.com\"",
			`c.toml: smtp.from: "Outreach Team outreach@example.com" is not an email address like "Outreach Team <outreach@example.com>"`},
		{"host = \"smtp.example.com\"\nfrom = \"outreach\"", `c.toml: smtp.from: "outreach" is not an email address like "Outreach Team <outreach@example.com>"`},
		{"host = \"smtp://smtp.example.com\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com"},
		{"host = \"smtp.example .com\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com"},
		{"host = \"smtp.example.com/\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com"},
		{"host = \"smtps://outreach:" + secret + "@mail.example.com:465\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com"},
		{"host = \"smtp.example.com:587\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com, and the port as smtp.port"},
		{"host = \"mail.example.com:" + secret + "\"\nfrom = \"o@example.com\"", "c.toml: smtp.host: give the host name only, e.g. smtp.example.com, and the port as smtp.port"},
		// A line break or other control character, even at the end where
		// it would be trimmed, is refused by key, without the value.
		{`host = "smtp.example.com\r\n"` + "\nfrom = \"o@example.com\"", `c.toml: smtp.host: holds a control character (U+000D); write the value on one line without it`},
		{`host = "smtp.example.com\r\nRCPT"` + "\nfrom = \"o@example.com\"", `c.toml: smtp.host: holds a control character (U+000D); write the value on one line without it`},
		{`host = "smtp.exa\u202emple.com"` + "\nfrom = \"o@example.com\"", `c.toml: smtp.host: holds a control character (U+202E); write the value on one line without it`},
		{`host = "smtp.example.com\u0000"` + "\nfrom = \"o@example.com\"", `c.toml: smtp.host: holds a control character (U+0000); write the value on one line without it`},
		{ok + `username = "u\nAUTH PLAIN"` + "\npassword_env = \"PW\"", `c.toml: smtp.username: holds a control character (U+000A); write the value on one line without it`},
		{"host = \"smtp.example.com\"\n" + `from = "Team\r\n <o@example.com>"`, `c.toml: smtp.from: holds a control character (U+000D); write the value on one line without it`},
		{"host = \"smtp.example.com\"\n" + `from = "o@example.com\n"`, `c.toml: smtp.from: holds a control character (U+000A); write the value on one line without it`},
		{ok + `security = "tls\r"`, `c.toml: smtp.security: holds a control character (U+000D); write the value on one line without it`},
		{ok + `password_file = "/run/p\tw"`, `c.toml: smtp.password_file: holds a control character (U+0009); write the value on one line without it`},
		{ok + `password_env = "PW\u0007"`, `c.toml: smtp.password_env: holds a control character (U+0007); write the value on one line without it`},
		{ok + "username = \"u\"\npassword_env = \"PW\"\npassword_file = \"/run/pw\"", "c.toml: smtp.password_file: smtp.password_env is set too; give one or the other"},
		{ok + "password_file = \"pw.txt\"", "c.toml: smtp.password_file: give an absolute path, like /home/you/.config/creatordesk/smtp-password"},
		{ok + "password_env = \"$CREATORDESK_SMTP_PASSWORD\"",
			`c.toml: smtp.password_env: give the name of an environment variable, like CREATORDESK_SMTP_PASSWORD (no "$"), not the password`},
		{ok + "password_env = \"" + secret + "\"",
			`c.toml: smtp.password_env: give the name of an environment variable, like CREATORDESK_SMTP_PASSWORD (no "$"), not the password`},
		{ok + "username = \"u\"\npassword_env = \"PW\"\nsecurity = \"none\"",
			`c.toml: smtp.security: "none" would send the password unencrypted to smtp.example.com; use starttls or tls`},
		{ok + "username = \"u\"\npassword_env = \"PW\"\nsecurity = \"none\"\nport = 587",
			`c.toml: smtp.security: "none" would send the password unencrypted to smtp.example.com; use starttls or tls`},

		// The password is never a key; the message says where it goes instead.
		{ok + "password = \"" + secret + "\"", "c.toml:4:1: smtp.password: " + passwordsElsewhere},
		{ok + "PASS = \"" + secret + "\"", "c.toml:4:1: smtp.PASS: " + passwordsElsewhere},
		{ok + "passwd = 123", "c.toml:4:1: smtp.passwd: " + passwordsElsewhere},
		// Even when a typo comes first.
		{ok + "hots = \"x\"\npassword = \"" + secret + "\"", "c.toml:5:1: smtp.password: " + passwordsElsewhere},
		// A password that does not parse is still not repeated.
		{ok + "password = " + secret, "c.toml:4:12: unexpected character U+0073 's' at start of value"},
		{ok + "password = \"" + secret, "c.toml:4:"},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte("[smtp]\n"+tt.text+"\n"))
		if err == nil {
			t.Errorf("Parse(%q): no error", tt.text)
			continue
		}
		msg := err.Error()
		if msg != tt.want && !(strings.HasSuffix(tt.want, ":") && strings.HasPrefix(msg, tt.want)) {
			t.Errorf("Parse(%q) error\n%s\nwant\n%s", tt.text, msg, tt.want)
		}
		if strings.Contains(msg, secret) {
			t.Errorf("Parse(%q) error %q gives the password away", tt.text, msg)
		}
	}
}

const passwordsElsewhere = "passwords do not go in the config file; put it in an environment variable named by " +
	"smtp.password_env, or a 0600 file named by smtp.password_file"

// The password key is recognised however the TOML spells it.
func TestPasswordKeyElsewhere(t *testing.T) {
	tests := []struct{ text, want string }{
		{"smtp.password = \"" + secret + "\"\n", "c.toml:1:1: smtp.password: " + passwordsElsewhere},
		{"[smtp.password]\nvalue = \"" + secret + "\"\n", "c.toml:1:2: smtp.password: " + passwordsElsewhere},
		{"[smtp]\nhost = \"smtp.example.com\"\n\n  password = '" + secret + "'\n", "c.toml:4:3: smtp.password: " + passwordsElsewhere},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error %v\nwant %s", tt.text, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("Parse(%q) error %q gives the password away", tt.text, err)
		}
	}
	// Other unknown keys keep the plain message.
	if _, err := Parse("c.toml", []byte("[smtp]\nhots = \"x\"\n")); err == nil || err.Error() != "c.toml:2:1: unknown key smtp.hots" {
		t.Errorf("typo: %v", err)
	}
}

// writeSecret writes content to a file in dir with exactly mode perm.
func writeSecret(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // WriteFile's mode is masked by the umask
		t.Fatal(err)
	}
	return path
}

func TestPassword(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CREATORDESK_SMTP_PASSWORD": secret}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name string
		smtp SMTP
		want string
	}{
		{"env", SMTP{Username: "u", PasswordEnv: "CREATORDESK_SMTP_PASSWORD"}, secret},
		{"file 0600", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "a", secret, 0o600)}, secret},
		{"file 0400", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "b", secret, 0o400)}, secret},
		{"trailing newline", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "c", secret+"\n", 0o600)}, secret},
		{"trailing CRLF", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "d", secret+"\r\n", 0o600)}, secret},
		{"only one newline trimmed", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "e", secret+"\n\n", 0o600)}, secret + "\n"},
		{"spaces kept", SMTP{Username: "u", PasswordFile: writeSecret(t, dir, "f", " "+secret+" \n", 0o600)}, " " + secret + " "},
	}
	for _, tt := range tests {
		got, err := tt.smtp.Password(getenv)
		if err != nil || got != tt.want {
			t.Errorf("%s: Password() = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}

	// No login, no password: nothing is looked up.
	noLookup := func(k string) string { t.Errorf("looked up $%s", k); return "" }
	if got, err := (SMTP{Host: "localhost", PasswordEnv: "X", PasswordFile: "/nonexistent"}).Password(noLookup); got != "" || err != nil {
		t.Errorf("no username: %q, %v", got, err)
	}

	// nil reads the real environment.
	t.Setenv("CREATORDESK_TEST_SMTP_PASSWORD", secret)
	if got, err := (SMTP{Username: "u", PasswordEnv: "CREATORDESK_TEST_SMTP_PASSWORD"}).Password(nil); got != secret || err != nil {
		t.Errorf("Password(nil) = %q, %v", got, err)
	}
}

func TestPasswordErrors(t *testing.T) {
	dir := t.TempDir()
	// The password is in the environment and in every file, so an error
	// that quoted either would show it.
	env := map[string]string{"OTHER": secret, "EMPTY": ""}
	getenv := func(k string) string { return env[k] }
	open := writeSecret(t, dir, "open", secret+"\n", 0o644)
	group := writeSecret(t, dir, "group", secret, 0o640)
	world := writeSecret(t, dir, "world", secret, 0o604)
	empty := writeSecret(t, dir, "empty", "", 0o600)
	newline := writeSecret(t, dir, "newline", "\n", 0o600)
	tests := []struct {
		smtp SMTP
		want string
	}{
		{SMTP{Username: "u"}, "smtp.username is set but neither smtp.password_env nor smtp.password_file"},
		{SMTP{Username: "u", PasswordEnv: "CREATORDESK_SMTP_PASSWORD"}, "smtp.password_env: $CREATORDESK_SMTP_PASSWORD is not set"},
		{SMTP{Username: "u", PasswordEnv: "EMPTY"}, "smtp.password_env: $EMPTY is not set"},
		{SMTP{Username: "u", PasswordEnv: appPassword}, notSetUnnamed},
		{SMTP{Username: "u", PasswordEnv: "Tr0ub4dor3"}, notSetUnnamed},
		{SMTP{Username: "u", PasswordEnv: "smtp_password"}, notSetUnnamed},
		{SMTP{Username: "u", PasswordEnv: "_PW"}, notSetUnnamed},
		{SMTP{Username: "u", PasswordFile: filepath.Join(dir, "missing")}, "smtp.password_file: " + filepath.Join(dir, "missing") + " does not exist"},
		{SMTP{Username: "u", PasswordFile: open}, "smtp.password_file: " + open + " is readable by others (mode 0644): run chmod 600 " + open},
		{SMTP{Username: "u", PasswordFile: group}, "smtp.password_file: " + group + " is readable by others (mode 0640): run chmod 600 " + group},
		{SMTP{Username: "u", PasswordFile: world}, "smtp.password_file: " + world + " is readable by others (mode 0604): run chmod 600 " + world},
		{SMTP{Username: "u", PasswordFile: empty}, "smtp.password_file: " + empty + " is empty"},
		{SMTP{Username: "u", PasswordFile: newline}, "smtp.password_file: " + newline + " is empty"},
		{SMTP{Username: "u", PasswordFile: dir}, "smtp.password_file: " + dir + " is a directory"},
	}
	for _, tt := range tests {
		got, err := tt.smtp.Password(getenv)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%+v: Password() = %q, %v\nwant error %s", tt.smtp, got, err, tt.want)
		}
		if got != "" {
			t.Errorf("%+v: Password() returned %q with its error", tt.smtp, got)
		}
		if err != nil && (strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), appPassword)) {
			t.Errorf("%+v: error %q gives the password away", tt.smtp, err)
		}
	}
}

// appPassword looks like a Gmail app password, which also looks like a
// variable name: pasted into smtp.password_env, it must not be echoed back.
const appPassword = "abcdwxyzefghijkl"

const notSetUnnamed = "smtp.password_env: the variable it names is not set (if you pasted the password itself there, move it to an environment variable)"
